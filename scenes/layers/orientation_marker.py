"""The orientation marker: a small cube whose faces read R/L, A/P, S/I, turning with the camera."""

from __future__ import annotations

from vtkmodules.vtkRenderingAnnotation import vtkAnnotatedCubeActor

from .base import BuiltScene, Layer

FACES = ("XPlus", "XMinus", "YPlus", "YMinus", "ZPlus", "ZMinus")
VIEWPORT = (0.0, 0.0, 0.11, 0.18)  # of the window: its lower-left corner


def draw(built: BuiltScene) -> list:
    cube = vtkAnnotatedCubeActor()
    for face, text in zip(FACES, ("R", "L", "A", "P", "S", "I"), strict=True):
        getattr(cube, f"Set{face}FaceText")(text)
    cube.SetFaceTextScale(0.55)
    # S and I upright when the head or the feet face the eye with the front up (the superior and
    # inferior presets): unturned, the I read as a dash (lecturer's review)
    cube.SetZFaceTextRotation(90)
    cube.GetCubeProperty().SetColor(0.93, 0.93, 0.90)
    cube.GetTextEdgesProperty().SetColor(0.3, 0.3, 0.3)
    for face in FACES:
        getattr(cube, f"Get{face}FaceProperty")().SetColor(0.15, 0.15, 0.2)
    built.plotter.add_orientation_widget(cube, viewport=VIEWPORT, interactive=False)
    return [cube]


def reserve(built: BuiltScene) -> list:
    """Claim the marker's corner for the overlay pass: no label box or tag goes over the cube
    (foramen: the internal pudendal artery's box covered its P)."""
    w, h = built.plotter.window_size
    x0, y0, x1, y1 = VIEWPORT
    built.reserved.append((x0 * w, y0 * h, x1 * w, y1 * h))
    return []


LAYER = Layer("orientation-marker", draw, shown=lambda scene: scene.output.orientation_marker)
SPACE = Layer("orientation-marker-space", reserve, shown=lambda scene: scene.output.orientation_marker,
              overlay=True)
