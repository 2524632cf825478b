"""Geometry tools the anatomy builders share: distance fields, splines and swept shapes."""
