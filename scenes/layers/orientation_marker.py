"""The orientation marker: a small cube whose faces read R/L, A/P, S/I, turning with the camera."""

from __future__ import annotations

from vtkmodules.vtkRenderingAnnotation import vtkAnnotatedCubeActor

from .base import BuiltScene, Layer

FACES = ("XPlus", "XMinus", "YPlus", "YMinus", "ZPlus", "ZMinus")


def draw(built: BuiltScene) -> list:
    cube = vtkAnnotatedCubeActor()
    for face, text in zip(FACES, ("R", "L", "A", "P", "S", "I"), strict=True):
        getattr(cube, f"Set{face}FaceText")(text)
    cube.SetFaceTextScale(0.55)
    cube.GetCubeProperty().SetColor(0.93, 0.93, 0.90)
    cube.GetTextEdgesProperty().SetColor(0.3, 0.3, 0.3)
    for face in FACES:
        getattr(cube, f"Get{face}FaceProperty")().SetColor(0.15, 0.15, 0.2)
    built.plotter.add_orientation_widget(cube, viewport=(0.0, 0.0, 0.11, 0.18), interactive=False)
    return [cube]


LAYER = Layer("orientation-marker", draw, shown=lambda scene: scene.output.orientation_marker)
