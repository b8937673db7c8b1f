#pragma once

#include "synth/SurfaceOptions.h"
#include "synth/SynthImage.h"

namespace ig {

// Generates one industrial-looking grey surface (brushed/rolled metal texture, optionally with
// commutator bars) and, with options.defectProbability, one or more defects whose boxes it
// returns. The same options give the same pixels on every run.
// Throws ig::Error(Usage) for options out of range (sizes, probability, unknown defect type).
//
// Threading: a pure function; call it from as many threads as you like.
SynthImage generateSurface(const SurfaceOptions& options);

// Throws ig::Error(Usage) when generateSurface would refuse these options; cheap.
void checkSurfaceOptions(const SurfaceOptions& options);

} // namespace ig
