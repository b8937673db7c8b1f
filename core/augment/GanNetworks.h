#pragma once

// Private to core/augment: the LibTorch networks of PatternGan. Never include from a public
// header.

#include <torch/torch.h>

namespace ig::gan {

// The architecture, fixed by these numbers (stored with the generator weights).
struct GanShape {
    int height = 64; // training frame, both multiples of 8
    int width = 64;
    int noiseSize = 100;
    int channels = 16; // width of the last generator / first discriminator layer
};

// Spectral normalisation (Miyato et al. 2018) of a weight whose first dimension is the output:
// W / sigma(W), with sigma estimated by one power-iteration step per forward in training mode
// (as torch.nn.utils.spectral_norm, which LibTorch 1.13's C++ API lacks). `u` and `v` are the
// persistent singular-vector estimates.
torch::Tensor spectrallyNormalised(const torch::Tensor& weight, torch::Tensor& u, torch::Tensor& v,
                                   bool training);

// A convolution (or, with kernel 0, a linear layer) whose weight is spectrally normalised.
class SNLayerImpl : public torch::nn::Module {
public:
    // kernel > 0: Conv2d(in, out, kernel, stride, padding); kernel == 0: Linear(in, out).
    SNLayerImpl(int in, int out, int kernel, int stride, int padding, torch::Generator& random);
    torch::Tensor forward(const torch::Tensor& x);

private:
    int kernel_, stride_, padding_;
    torch::Tensor weight_, bias_, u_, v_;
};
TORCH_MODULE(SNLayer);

// DCGAN-like generator: noise -> linear -> (4C, h/8, w/8) -> three x2 upsamplings with batch
// norm and ReLU -> 1 x h x w in [-1, 1] (tanh). Each upsampling is a sub-pixel convolution (a 3x3
// convolution to 4x the channels, then pixel shuffle; Shi et al. 2016) instead of DCGAN's 4x4
// transposed convolution: as expressive, and 5-8x faster in LibTorch 1.13 on the CPU, where
// the transposed convolution has no fast kernel (measured by the augment helper).
class GeneratorImpl : public torch::nn::Module {
public:
    GeneratorImpl(const GanShape& shape, torch::Generator& random);
    torch::Tensor forward(const torch::Tensor& noise);

private:
    GanShape shape_;
    torch::nn::Linear project_{nullptr};
    torch::nn::BatchNorm2d bn0_{nullptr}, bn1_{nullptr}, bn2_{nullptr};
    torch::nn::Conv2d up1_{nullptr}, up2_{nullptr}, up3_{nullptr};
};
TORCH_MODULE(Generator);

// DCGAN-like discriminator with spectral norm on every layer and no batch norm: three stride-2
// 4x4 convolutions with leaky ReLU (0.2) -> linear -> one logit ("critic" value C(x)).
class DiscriminatorImpl : public torch::nn::Module {
public:
    DiscriminatorImpl(const GanShape& shape, torch::Generator& random);
    torch::Tensor forward(const torch::Tensor& images);

private:
    SNLayer conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr}, out_{nullptr};
};
TORCH_MODULE(Discriminator);

} // namespace ig::gan
