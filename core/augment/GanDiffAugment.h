#pragma once

// Private to core/augment: the differentiable augmentation of PatternGan's discriminator input.
// Never include from a public header.

#include <torch/torch.h>

#include <random>

namespace ig::gan {

// DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN
// Training"): the same random brightness, contrast, translation and cutout applied to the real
// and the generated images whenever the discriminator sees them, in both networks' updates.
// With a few dozen training images the discriminator otherwise memorises them and its gradient
// stops telling the generator anything useful; since every operation is differentiable, the
// generator still learns the un-augmented distribution.
//
// `images` is [N, 1, H, W] in [-1, 1]; per image: brightness +[-0.5, 0.5), contrast x[0.5, 1.5)
// around the image mean, a shift of up to 1/8 of each side (zeros, i.e. mid grey, shifted in),
// and a zeroed rectangle of half each side at a random centre. All draws come from `random`.
torch::Tensor diffAugmented(const torch::Tensor& images, std::mt19937_64& random);

} // namespace ig::gan
