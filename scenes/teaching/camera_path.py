"""Camera motion between keyframes, Qt-free: poses, easing, interpolation, turntable, fly-along.

The focal point moves linearly, the eye distance in log space (a zoom from 200 to 800 mm feels
even) and the orientation by quaternion slerp (scipy's Rotation). VTK's vtkCameraInterpolator
is not used: on an orbit it dollies in (to about 0.7 of the radius at 90 degrees).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from scipy.spatial.transform import Rotation, Slerp

from ..cameras import apply_camera
from ..scene import Camera


@dataclass(frozen=True)
class Pose:
    """A camera: eye, focal point and view-up in model millimetres (RAS)."""

    position: tuple[float, float, float]
    focal_point: tuple[float, float, float]
    view_up: tuple[float, float, float]

    @property
    def distance(self) -> float:
        return float(np.linalg.norm(np.subtract(self.position, self.focal_point)))

    def rotation(self) -> Rotation:
        """Camera axes in the world: columns right, up, back (from the focal point to the eye)."""
        back = np.subtract(self.position, self.focal_point)
        back = back / np.linalg.norm(back)
        right = np.cross(self.view_up, back)
        right = right / np.linalg.norm(right)
        return Rotation.from_matrix(np.column_stack([right, np.cross(back, right), back]))

    @classmethod
    def from_rotation(cls, focal, distance: float, rotation: Rotation) -> Pose:
        m = rotation.as_matrix()
        focal = np.asarray(focal, float)
        return cls(_tup(focal + distance * m[:, 2]), _tup(focal), _tup(m[:, 1]))

    def apply(self, plotter) -> None:
        plotter.camera_position = [self.position, self.focal_point, self.view_up]
        plotter.reset_camera_clipping_range()


def _tup(v) -> tuple[float, float, float]:
    return tuple(float(x) for x in v)


# --- easing ---------------------------------------------------------------------------------

EASINGS: dict[str, Callable[[float], float]] = {
    "linear": lambda t: t,
    "ease-in-out": lambda t: 0.5 - 0.5 * np.cos(np.pi * t),
    "ease-in": lambda t: 1 - np.cos(0.5 * np.pi * t),
    "ease-out": lambda t: np.sin(0.5 * np.pi * t),
}


def ease(t: float, easing: str = "ease-in-out") -> float:
    return float(EASINGS[easing](min(1.0, max(0.0, t))))


# --- poses of scenes --------------------------------------------------------------------------

class _CameraOnly:
    """Enough of a plotter for `apply_camera`: a camera, without a render window."""

    def __init__(self) -> None:
        self.camera = pv.Camera()

    @property
    def camera_position(self):
        return self.camera.position, self.camera.focal_point, self.camera.up

    @camera_position.setter
    def camera_position(self, cpos) -> None:
        self.camera.position, self.camera.focal_point, self.camera.up = (tuple(v) for v in cpos)
        self.camera.OrthogonalizeViewUp()

    def reset_camera_clipping_range(self) -> None:
        pass


def scene_pose(scene, meshes: dict[str, pv.PolyData]) -> Pose:
    """The pose `scenes.build.place_camera` gives the scene (same code: `apply_camera`)."""
    shown = [s for s in scene.visible() if s in meshes]
    subject = [s for s in shown if scene.style(s).highlight] or shown
    return camera_pose(scene.camera, [meshes[s] for s in subject])


def camera_pose(camera: Camera, meshes: list) -> Pose:
    fake = _CameraOnly()
    apply_camera(fake, camera, meshes)
    c = fake.camera
    return Pose(_tup(c.position), _tup(c.focal_point), _tup(c.up))


def plotter_pose(plotter) -> Pose:
    pos, focal, up = plotter.camera_position
    return Pose(_tup(pos), _tup(focal), _tup(up))


# --- motion ---------------------------------------------------------------------------------

def interpolate(a: Pose, b: Pose, t: float, easing: str = "ease-in-out") -> Pose:
    """The pose a fraction t of the way from a to b (t eased first)."""
    s = ease(t, easing)
    focal = (1 - s) * np.asarray(a.focal_point) + s * np.asarray(b.focal_point)
    distance = float(np.exp((1 - s) * np.log(a.distance) + s * np.log(b.distance)))
    slerp = Slerp([0.0, 1.0], Rotation.concatenate([a.rotation(), b.rotation()]))
    return Pose.from_rotation(focal, distance, slerp([s])[0])


def turntable(start: Pose, t: float, axis=(0.0, 0.0, 1.0), turns: float = 1.0) -> Pose:
    """The pose after a fraction t of `turns` full turns about `axis` through the focal point:
    the eye keeps its distance exactly (a rotation of the whole camera frame)."""
    spin = Rotation.from_rotvec(2 * np.pi * turns * t * np.asarray(axis, float) / np.linalg.norm(axis))
    return Pose.from_rotation(start.focal_point, start.distance, spin * start.rotation())


# --- fly-along ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FlyAlong:
    """A camera that travels beside a centreline at constant speed, looking ahead along it.

    The eye sits `offset` mm from the point it has reached, on the side given by `side` (made
    perpendicular to the local direction and smoothed along the way, so the view does not roll),
    and looks at the point `look_ahead` mm further on."""

    points: np.ndarray  # (n, 3) centreline, proximal to distal, mm
    offset: float = 90.0
    look_ahead: float = 25.0
    side: tuple[float, float, float] = (0.0, -1.0, 0.0)  # posterior: where a dissector stands

    @property
    def length(self) -> float:
        return float(self._arc()[-1])

    def _arc(self) -> np.ndarray:
        return np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(self.points, axis=0), axis=1))]

    def at(self, s: float) -> np.ndarray:
        """The centreline point at arc length s (clamped), mm."""
        arc = self._arc()
        s = min(max(s, 0.0), arc[-1])
        return np.array([np.interp(s, arc, self.points[:, i]) for i in range(3)])

    def pose(self, t: float) -> Pose:
        """The pose a fraction t of the way along (constant speed: t is a share of arc length)."""
        s = t * self.length
        here, ahead = self.at(s), self.at(s + self.look_ahead)
        tangent = self._tangent(s)
        side = np.asarray(self.side, float) - tangent * np.dot(self.side, tangent)
        side = side / (np.linalg.norm(side) or 1.0)
        eye = here + self.offset * side
        sight = (ahead - eye) / np.linalg.norm(ahead - eye)
        up = np.array([0.0, 0.0, 1.0]) - sight[2] * sight  # superior up, square to the sight line
        return Pose(_tup(eye), _tup(ahead), _tup(up / (np.linalg.norm(up) or 1.0)))

    def _tangent(self, s: float, window: float = 30.0) -> np.ndarray:
        """Direction over a window of the path (smooth: a wiggle does not swing the camera)."""
        d = self.at(s + window / 2) - self.at(s - window / 2)
        return d / (np.linalg.norm(d) or 1.0)
