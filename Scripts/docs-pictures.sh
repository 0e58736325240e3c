#!/usr/bin/env bash
# Makes the pictures of the DocC articles (Sources/Nabla/Nabla.docc/Resources) from Nabla's own runs.
# Needs Graphviz (`apt-get install -y graphviz`). Run from anywhere; commit the pictures it writes.
# The slow runs are optional: --lenet, --style, --fast-style PHOTOS and --caption (any of them, in any order).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
resources=Sources/Nabla/Nabla.docc/Resources
swift build --product nabla
nabla=.build/debug/nabla
# The computation graph of one sigmoid neuron with the quadratic cost (Backpropagation.md).
"$nabla" graph neuron | dot -Tpng -Gdpi=110 -o "$resources/neuron-graph.png"
# The graph of a 2-3-1 network on a minibatch of 4, drawn top to bottom (Backpropagation.md).
"$nabla" graph mlp | sed "s/rankdir=LR/rankdir=TB/" | dot -Tpng -Gdpi=90 -o "$resources/mlp-graph.png"
# The single neuron's output with the quadratic and the cross-entropy cost (LearningSlowdown.md).
swift run LearningSlowdown "$resources/learning-slowdown.svg" > /dev/null
# The validation curves of the overfitting experiment (Regularisation.md).
swift run Regularisation "$resources/regularisation-curves.svg" > /dev/null
echo "wrote $resources/neuron-graph.png, $resources/mlp-graph.png, $resources/learning-slowdown.svg, $resources/regularisation-curves.svg"
# The photographs of the style-transfer chapter (NeuralStyleTransfer.md), copied from docs/style-transfer.
for photo in chelsea hubble-deep-field astronaut retina coffee; do
    cp "docs/style-transfer/$photo.jpg" "$resources/style-$photo.jpg"
done
lenet=false style=false caption=false photos=""
while [ $# -gt 0 ]; do
    case "$1" in
        --lenet) lenet=true ;;
        --style) style=true ;;
        --fast-style) photos="${2:?--fast-style needs a folder of photographs}"; shift ;;
        --caption) caption=true ;;
        *) echo "docs-pictures.sh: unknown option $1 (expected --lenet, --style, --fast-style PHOTOS, --caption)" >&2; exit 2 ;;
    esac
    shift
done
# With --lenet (a few minutes): train LeNet on 12,000 Fashion-MNIST images for two epochs and draw
# its filters and the feature maps of the first test image (ConvolutionalNetworks.md). Needs the full
# data set (apt-get install dataset-fashion-mnist, or $NABLA_DATA).
if $lenet; then
    run=$(mktemp -d)
    "$nabla" train --model lenet --epochs 2 --limit 12000 --output "$run/lenet"
    "$nabla" inspect "$run/lenet/model.safetensors" /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz:0 --output "$run/inspect"
    cp "$run/inspect/filters.png" "$resources/lenet-filters.png"
    cp "$run/inspect/feature-maps-1.png" "$resources/lenet-feature-maps-1.png"
    cp "$run/inspect/feature-maps-2.png" "$resources/lenet-feature-maps-2.png"
    rm -r "$run"
    echo "wrote $resources/lenet-filters.png, $resources/lenet-feature-maps-1.png, $resources/lenet-feature-maps-2.png"
fi
# The other slow runs use a release build, as BENCHMARKS.md's timings do.
if $style || [ -n "$photos" ] || $caption; then
    swift build -c release --product nabla
fi
release=.build/release/nabla
# With --style (2 to 3 minutes per picture on two shared cores): `nabla style` with its defaults
# (random features, 300 steps at 256 pixels), the two results of NeuralStyleTransfer.md.
if $style; then
    "$release" style docs/style-transfer/chelsea.jpg docs/style-transfer/hubble-deep-field.jpg --output "$resources/style-chelsea-hubble.png"
    "$release" style docs/style-transfer/astronaut.jpg docs/style-transfer/retina.jpg --output "$resources/style-astronaut-retina.png"
    echo "wrote $resources/style-chelsea-hubble.png, $resources/style-astronaut-retina.png"
fi
# With --fast-style PHOTOS (about 15 minutes): train the fast style network for the Hubble deep field
# on 128-pixel crops of the photographs in PHOTOS for 170 steps and apply it to coffee.jpg, which must
# not be among them (NeuralStyleTransfer.md; the article's run used six photographs of scikit-image's
# skimage/data, see README.md, "Fast style transfer").
if [ -n "$photos" ]; then
    run=$(mktemp -d)
    "$release" style train docs/style-transfer/hubble-deep-field.jpg --images "$photos" --output "$run/hubble.safetensors" \
        --size 128 --batch-size 4 --steps 170 --style-weight 10 --save-every 50
    "$release" style apply "$run/hubble.safetensors" docs/style-transfer/coffee.jpg --output "$resources/style-coffee-hubble-fast.png"
    rm -r "$run"
    echo "wrote $resources/style-coffee-hubble-fast.png"
fi
# With --caption (about ten minutes on two cores): `nabla caption train` (its defaults) and its
# examples.png, the first 12 test scenes with their captions (ImageCaptioning.md). Needs the full data set.
if $caption; then
    run=$(mktemp -d)
    "$release" caption train --output "$run/caption"
    cp "$run/caption/examples.png" "$resources/caption-examples.png"
    rm -r "$run"
    echo "wrote $resources/caption-examples.png"
fi
