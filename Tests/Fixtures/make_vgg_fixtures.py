"""A small VGG-19-shaped network for Tests/NablaTests/StyleTransfer/VGGFeaturesTests.swift to load.

Run from the repository root with a Python that has torch (torchvision is not needed; the safetensors
file is written by safetensors_writer.py):
    python Tests/Fixtures/make_vgg_fixtures.py

Writes Tests/Fixtures/vgg/tiny-vgg19.safetensors: the tensors of torchvision's vgg19().features under
the same names (features.0.weight ... features.34.bias: 16 convolutions 3 x 3 with padding 1, a ReLU
after each, 2 x 2 max pooling at indices 4, 9, 18, 27 and 36), but with 4 to 8 channels instead of 64
to 512 and random weights, plus a classifier tensor that a feature extractor must ignore. Alongside,
under "expected.*" in a second file tiny-vgg19-expected.safetensors: an input [1, 3, 32, 32] in [0, 1]
and the features after the ReLUs relu1_1 (features.1), relu2_1 (6), relu3_1 (11), relu4_1 (20),
relu4_2 (22) and relu5_1 (29), computed on the input normalised with ImageNet's mean and standard
deviation, as torchvision's VGG expects. The files are committed, so the Swift tests never need Python.
"""

import pathlib

import torch

from safetensors_writer import write_safetensors

FIXTURES = pathlib.Path(__file__).resolve().parent / "vgg"

# torchvision's configuration "E" (VGG-19) with the channel counts shrunk.
STAGES = [4, 4, "M", 6, 6, "M", 8, 8, 8, 8, "M", 8, 8, 8, 8, "M", 8, 8, 8, 8, "M"]
FEATURES = {"relu1_1": 1, "relu2_1": 6, "relu3_1": 11, "relu4_1": 20, "relu4_2": 22, "relu5_1": 29}
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def make_features():
    layers, channels = [], 3
    for stage in STAGES:
        if stage == "M":
            layers.append(torch.nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            convolution = torch.nn.Conv2d(channels, stage, kernel_size=3, padding=1)
            torch.nn.init.normal_(convolution.weight, std=(2 / (channels * 9)) ** 0.5)
            torch.nn.init.normal_(convolution.bias, std=0.1)
            layers += [convolution, torch.nn.ReLU(inplace=False)]
            channels = stage
    return torch.nn.Sequential(*layers)


def main():
    torch.manual_seed(0)
    features = make_features()
    image = torch.rand(1, 3, 32, 32)
    expected = {"expected.input": image}
    with torch.no_grad():
        activation = (image - MEAN) / STD
        for index, layer in enumerate(features):
            activation = layer(activation)
            for name, position in FEATURES.items():
                if position == index:
                    expected["expected." + name] = activation.contiguous()
    tensors = {f"features.{name}": tensor.detach().contiguous() for name, tensor in features.state_dict().items()}
    tensors["classifier.0.weight"] = torch.randn(10, 8)
    FIXTURES.mkdir(exist_ok=True)
    metadata = {"torch": torch.__version__, "stages": str(STAGES)}
    write_safetensors(FIXTURES / "tiny-vgg19.safetensors", tensors, metadata)
    write_safetensors(FIXTURES / "tiny-vgg19-expected.safetensors", expected, metadata)
    print("wrote", FIXTURES, sorted(tensors)[:3], "...")


if __name__ == "__main__":
    main()
