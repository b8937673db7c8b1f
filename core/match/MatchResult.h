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
    int x = 0;        // top-left corner of the best match, in full-resolution image pixels
    int y = 0;
    bool valid = false;          // false only when the pattern has no signal (see above)
    bool patternCropped = false; // the pattern was larger than the image and was centre-cut
};

} // namespace ig
