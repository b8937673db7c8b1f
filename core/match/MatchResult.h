#pragma once

namespace ig {

// The best match of one pattern on one image.
//
// Patterns larger than the image: a pattern wider (taller) than the image is cut to its
// central part as wide (tall) as the image, and that part is matched; x, y then locate the
// cut part and patternCropped is set. This keeps a meaningful feature when a project mixes
// image sizes, instead of a hole.
//
// Degenerate input: when the pattern carries no signal for the method (a constant pattern for
// CcoeffNormed, an all-black one for CcorrNormed) no correlation exists; the result is
// score 0, x = y = 0, valid = false. Image windows without signal (flat for CcoeffNormed,
// black for CcorrNormed) score 0, like OpenCV. Scores are never NaN.
struct MatchResult {
    double score = 0; // CcoeffNormed: max |r|; CcorrNormed: max r (see MatchMethod)
    // How far the best score stands out of the image's whole score map, in standard deviations:
    // (score - mean) / std of the map of every position. A crack matched by a crack template
    // stands out of the texture; a good surface that matches everywhere about as well does not.
    // The pyramid takes mean and std from the level it scans whole (the coarse one), the exact
    // matcher from the full-resolution map. 0 when the map is flat.
    double prominence = 0;
    int x = 0; // top-left corner of the best match, in full-resolution image pixels
    int y = 0;
    bool valid = false;          // false only when the pattern has no signal (see above)
    bool patternCropped = false; // the pattern was larger than the image and was centre-cut
};

} // namespace ig
