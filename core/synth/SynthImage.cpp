#include "synth/SynthImage.h"

namespace ig {

std::vector<std::string> synthDefectTypes() {
    return {kSynthScratch, kSynthCrack, kSynthSpot};
}

} // namespace ig
