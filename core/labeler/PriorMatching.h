#pragma once

#include <vector>

namespace ig {

// Calling a binary labeler's batch at the dev set's class prior.
//
// The dev set is a stratified sample of the images, so the share of positives it holds is the
// best estimate of their share among the images being labelled. A labeler trained on a few dev
// images can rank the batch well and still put its 0.5 in the wrong place: on KolektorSDD its
// dev rows (each pattern masked on its own image by its best value elsewhere) look more
// defective than new cracks do, and it calls half of them good (precision near 1, recall near
// 0.5). Matching the prior moves the decision, not the ranking: the batch's positive-class
// probabilities are shifted on the logit scale (the odds multiplied by one factor, as a change
// of class prior does: Saerens et al., Neural Computation 2002) so that round(prior * n) of the n
// images reach 0.5.

// The logit shift that calls round(prior * n) of `positive` (the batch's positive-class
// probabilities, any order) positive once subtracted from their logits: halfway between the
// logits of the last image called and the first one not called. Images with equal
// probabilities are called alike, so ties at the boundary can call a few more. `prior` is
// clamped to [0, 1]; an empty batch gives 0.
double priorMatchingShift(const std::vector<double>& positive, double prior);

// One row of class probabilities (two classes) with the positive class's logit lowered by
// `shift`: at shift 0 the row is unchanged (up to clamping away from 0 and 1).
std::vector<double> shiftPositiveLogit(const std::vector<double>& probabilities, int positiveClass,
                                       double shift);

// The share of `positiveClass` among `labels` (the dev set's prior); 0 for no labels.
double classPrior(const std::vector<int>& labels, int positiveClass);

// Both at once for a binary batch (rows of two class probabilities), in place: every row is
// shifted by the batch's prior-matching shift, which is returned.
double matchPrior(std::vector<std::vector<double>>& batch, int positiveClass, double prior);

} // namespace ig
