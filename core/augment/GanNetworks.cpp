#include "augment/GanNetworks.h"

namespace ig::gan {

namespace {

constexpr double kInitStd = 0.02; // DCGAN initialisation
constexpr double kLeakySlope = 0.2;
constexpr double kNormEps = 1e-12;

torch::Tensor normalised(const torch::Tensor& x) {
    return x / (x.norm() + kNormEps);
}

} // namespace

torch::Tensor spectrallyNormalised(const torch::Tensor& weight, torch::Tensor& u, torch::Tensor& v,
                                   bool training) {
    const torch::Tensor matrix = weight.reshape({weight.size(0), -1});
    if (training) {
        torch::NoGradGuard noGrad;
        v.copy_(normalised(torch::mv(matrix.t(), u)));
        u.copy_(normalised(torch::mv(matrix, v)));
    }
    // Clones so a later in-place update cannot touch tensors autograd saved for this pass.
    const torch::Tensor uu = u.clone();
    const torch::Tensor vv = v.clone();
    const torch::Tensor sigma = torch::dot(uu, torch::mv(matrix, vv));
    return weight / sigma;
}

SNLayerImpl::SNLayerImpl(int in, int out, int kernel, int stride, int padding,
                         torch::Generator& random)
    : kernel_(kernel), stride_(stride), padding_(padding) {
    const std::vector<int64_t> shape =
        kernel > 0 ? std::vector<int64_t>{out, in, kernel, kernel} : std::vector<int64_t>{out, in};
    torch::NoGradGuard noGrad;
    weight_ = register_parameter("weight", torch::empty(shape).normal_(0.0, kInitStd, random));
    bias_ = register_parameter("bias", torch::zeros({out}));
    const int64_t columns = weight_.numel() / out;
    u_ = register_buffer("u", normalised(torch::empty({out}).normal_(0.0, 1.0, random)));
    v_ = register_buffer("v", normalised(torch::empty({columns}).normal_(0.0, 1.0, random)));
}

torch::Tensor SNLayerImpl::forward(const torch::Tensor& x) {
    const torch::Tensor w = spectrallyNormalised(weight_, u_, v_, is_training());
    if (kernel_ == 0)
        return torch::nn::functional::linear(x, w, bias_);
    return torch::conv2d(x, w, bias_, stride_, padding_);
}

namespace {

constexpr int kUpscale = 2;

// The convolution of a sub-pixel upsampling; pixel_shuffle turns its 4 * out channels into
// out channels at twice the size.
torch::nn::Conv2d upsampling(int in, int out, bool bias) {
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out * kUpscale * kUpscale, 3).padding(1).bias(bias));
}

} // namespace

GeneratorImpl::GeneratorImpl(const GanShape& shape, torch::Generator& random) : shape_(shape) {
    const int c = shape.channels;
    const int cells = (shape.height / 8) * (shape.width / 8);
    project_ = register_module(
        "project", torch::nn::Linear(torch::nn::LinearOptions(shape.noiseSize, 4 * c * cells)));
    bn0_ = register_module("bn0", torch::nn::BatchNorm2d(4 * c));
    up1_ = register_module("up1", upsampling(4 * c, 2 * c, false));
    bn1_ = register_module("bn1", torch::nn::BatchNorm2d(2 * c));
    up2_ = register_module("up2", upsampling(2 * c, c, false));
    bn2_ = register_module("bn2", torch::nn::BatchNorm2d(c));
    up3_ = register_module("up3", upsampling(c, 1, true));
    // DCGAN initialisation from our own generator (LibTorch's defaults use the global one).
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor& p = item.value();
        const bool isNorm = name.rfind("bn", 0) == 0;
        if (name.find("bias") != std::string::npos)
            p.zero_();
        else if (isNorm)
            p.normal_(1.0, kInitStd, random);
        else
            p.normal_(0.0, kInitStd, random);
    }
}

torch::Tensor GeneratorImpl::forward(const torch::Tensor& noise) {
    torch::Tensor h = project_(noise).view(
        {noise.size(0), 4 * shape_.channels, shape_.height / 8, shape_.width / 8});
    h = torch::relu(bn0_(h));
    h = torch::relu(bn1_(torch::pixel_shuffle(up1_(h), kUpscale)));
    h = torch::relu(bn2_(torch::pixel_shuffle(up2_(h), kUpscale)));
    return torch::tanh(torch::pixel_shuffle(up3_(h), kUpscale));
}

DiscriminatorImpl::DiscriminatorImpl(const GanShape& shape, torch::Generator& random) {
    const int c = shape.channels;
    const int cells = (shape.height / 8) * (shape.width / 8);
    conv1_ = register_module("conv1", SNLayer(1, c, 4, 2, 1, random));
    conv2_ = register_module("conv2", SNLayer(c, 2 * c, 4, 2, 1, random));
    conv3_ = register_module("conv3", SNLayer(2 * c, 4 * c, 4, 2, 1, random));
    out_ = register_module("out", SNLayer(4 * c * cells, 1, 0, 0, 0, random));
}

torch::Tensor DiscriminatorImpl::forward(const torch::Tensor& images) {
    torch::Tensor h = torch::leaky_relu(conv1_(images), kLeakySlope);
    h = torch::leaky_relu(conv2_(h), kLeakySlope);
    h = torch::leaky_relu(conv3_(h), kLeakySlope);
    return out_(h.flatten(1)).view({-1});
}

} // namespace ig::gan
