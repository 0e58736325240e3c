#!/usr/bin/env bash
# Makes the pictures of the DocC articles (Sources/Nabla/Nabla.docc/Resources) from Nabla's own runs.
# Needs Graphviz (`apt-get install -y graphviz`). Run from anywhere; commit the pictures it writes.
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
# With --lenet (a few minutes): train LeNet on 12,000 Fashion-MNIST images for two epochs and draw
# its filters and the feature maps of the first test image (ConvolutionalNetworks.md). Needs the full
# data set (apt-get install dataset-fashion-mnist, or $NABLA_DATA).
if [ "${1:-}" = "--lenet" ]; then
    run=$(mktemp -d)
    "$nabla" train --model lenet --epochs 2 --limit 12000 --output "$run/lenet"
    "$nabla" inspect "$run/lenet/model.safetensors" /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz:0 --output "$run/inspect"
    cp "$run/inspect/filters.png" "$resources/lenet-filters.png"
    cp "$run/inspect/feature-maps-1.png" "$resources/lenet-feature-maps-1.png"
    cp "$run/inspect/feature-maps-2.png" "$resources/lenet-feature-maps-2.png"
    rm -r "$run"
    echo "wrote $resources/lenet-filters.png, $resources/lenet-feature-maps-1.png, $resources/lenet-feature-maps-2.png"
fi
