"""Cameras: the named presets, and placing the plotter's camera for a scene (RAS millimetres)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VIEW_ANGLE = 30.0  # degrees, vertical; VTK's default, kept fixed so zoom is a dolly
# Scenes are composed in a 16:9 frame. A narrower view (the window beside its docks, about 4:3; a
# square picture) keeps that frame's width and shows more above and below, instead of cropping
# its sides: the view angle is then held across, at the 16:9 frame's width.
SLIDE_ASPECT = 16 / 9
ACROSS_ANGLE = float(np.degrees(2 * np.arctan(np.tan(np.radians(VIEW_ANGLE) / 2) * SLIDE_ASPECT)))
FIT = 0.85  # the bounding sphere's radius over the half-height it takes at the fitted distance


@dataclass(frozen=True)
class CameraPreset:
    direction: tuple[float, float, float]  # from the focal point toward the eye
    view_up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    focal_point: tuple[float, float, float] | None = None  # None: the visible structures' centre
    distance: float | None = None  # mm; None: fit the visible structures
    title: str = ""


# The foramen close-up is framed on the region, not on today's nerve paths: from the notch apex
# (56, -81, -33) and the SGN above piriformis down to the ischial tuberosity (z -100), and from the
# sacrum's edge (x 20) out to the greater trochanter (x 123); the foramen itself sits left of the
# centre, where the nerves below piriformis fan out toward the trochanter.
FORAMEN_VIEW_CENTRE = (62.0, -95.0, -55.0)
# The gluteal region as the teaching plates frame it, fixed rather than fitted to what is shown
# (a fit takes in the whole pelvis, the femur and gluteus maximus, and the foramen-to-trochanter
# region then fills a fifth of the picture): from the foramen (x 44) to the greater trochanter
# (x 123) and from the notch apex (z -33) to below the ischial tuberosity (z -100), with room
# above for the SGN and below for the sciatic nerve.
GLUTEAL_REGION_CENTRE = (72.0, -95.0, -68.0)

CAMERA_PRESETS: dict[str, CameraPreset] = {
    "posterior": CameraPreset((0, -1, 0), title="Posterior"),
    "anterior": CameraPreset((0, 1, 0), title="Anterior"),
    "lateral": CameraPreset((1, 0, 0), title="Lateral (right)"),
    "medial": CameraPreset((-1, 0, 0), title="Medial, from inside the pelvis"),
    "superior": CameraPreset((0, 0, 1), view_up=(0, 1, 0), title="Superior"),
    "inferior": CameraPreset((0, 0, -1), view_up=(0, 1, 0), title="Inferior"),
    "posterior-oblique": CameraPreset((0.55, -1, 0.15), title="Posterior oblique (right)"),
    # As an atlas draws the gluteal region with maximus removed: from behind, turned about 27 deg
    # to the right so the notch (which opens back and out) is seen into, level: from higher up
    # the posterior ilium (PSIS 40 mm behind the foramen) hides the suprapiriform gap, from below
    # the plate reads as seen from under the buttock
    "foramen": CameraPreset((0.5, -1, 0.0), focal_point=FORAMEN_VIEW_CENTRE, distance=310,
                            title="Greater sciatic foramen close-up"),
    "gluteal-region": CameraPreset((0, -1, 0.1), focal_point=GLUTEAL_REGION_CENTRE, distance=320,
                                   title="Gluteal region from behind, close"),
    "gluteal-region-oblique": CameraPreset((0.45, -1, 0.1), focal_point=GLUTEAL_REGION_CENTRE, distance=300,
                                           title="Gluteal region from behind and the right, close"),
    # the buttock as a whole, on the right of the picture (the title sits over the left, empty
    # side), down to gluteus maximus's lower border and the gluteal fold (z -150; at z -25 the
    # border was cut off by the frame); distance for the default scene's zoom 1.15
    "buttock-oblique": CameraPreset((0.55, -1, 0.15), focal_point=(30.0, -95.0, -45.0), distance=790,
                                    title="Right buttock from behind and the right"),
    # lateral, turned 19 deg toward the back so the nerves behind the hip joint are not hidden by
    # the trochanter; framed from the notch to the sciatic nerve's course past the trochanter
    "hip-lateral": CameraPreset((1, -0.35, 0.1), focal_point=(95.0, -80.0, -60.0), distance=340,
                                title="Hip from the right side, a little from behind"),
    "pelvis-inside": CameraPreset((-0.4, 0.9, -0.12), focal_point=(30.0, -84.0, -24.0), distance=300,
                                  title="Inside the pelvis, toward the right sacral foramina"),
}


def bounds_of(meshes: list) -> np.ndarray:
    """(3, 2) array of min and max per axis over the meshes (a unit box when there are none)."""
    boxes = np.array([m.bounds for m in meshes] or [(-1, 1) * 3])
    return np.stack([boxes[:, 0::2].min(axis=0), boxes[:, 1::2].max(axis=0)], axis=1)


def fit_distance(bounds: np.ndarray, view_angle: float = VIEW_ANGLE, min_radius: float = 0.0) -> float:
    """Eye distance at which the bounding sphere of `bounds` fills the view's height."""
    radius = max(min_radius, 0.5 * float(np.linalg.norm(bounds[:, 1] - bounds[:, 0])))
    return radius / np.sin(np.radians(view_angle) / 2) * FIT


def fit_view_angle(camera, width: int, height: int) -> None:
    """The view angle for a view of this size: 30 degrees high at 16:9 or wider; below 16:9 the
    16:9 frame's width held across (`ACROSS_ANGLE`)."""
    narrow = width < SLIDE_ASPECT * height
    camera.SetUseHorizontalViewAngle(narrow)
    camera.SetViewAngle(ACROSS_ANGLE if narrow else VIEW_ANGLE)


def hold_slide_width(renderer) -> None:
    """Refit the view angle to the renderer's size before each frame (a window is resized at
    will); added once per renderer."""
    if getattr(renderer, "_holds_slide_width", False):
        return
    renderer._holds_slide_width = True
    renderer.AddObserver("StartEvent", lambda r, _event: fit_view_angle(r.GetActiveCamera(), *r.GetSize()))


def apply_camera(plotter, camera, meshes: list) -> None:
    """Place the plotter's camera as the scene's Camera says; `meshes` are the visible ones.

    Zoom moves the eye (dolly) and the view angle stays fixed (for a view's shape), so position,
    focal point and view up describe the picture completely: a saved view renders exactly as it
    was shown, and the 16:9 frame's width is the same in every view.
    """
    fit_view_angle(plotter.camera, *getattr(plotter, "window_size", (16, 9)))
    if camera.position and camera.focal_point and not camera.preset:
        plotter.camera_position = [camera.position, camera.focal_point, camera.view_up or (0, 0, 1)]
        plotter.camera.Dolly(camera.zoom)
        plotter.reset_camera_clipping_range()
        return
    preset = CAMERA_PRESETS[camera.preset or "posterior"]
    bounds = bounds_of(meshes)
    focal = np.array(camera.focal_point or preset.focal_point or bounds.mean(axis=1), float)
    direction = np.asarray(preset.direction, float)
    direction /= np.linalg.norm(direction)
    distance = preset.distance if preset.distance is not None else fit_distance(bounds)
    plotter.camera_position = [focal + direction * distance / camera.zoom, focal,
                               camera.view_up or preset.view_up]
    plotter.reset_camera_clipping_range()
