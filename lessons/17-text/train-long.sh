#!/bin/sh
# Trains the long-trained model that lesson 17 loads (lessons/data/text-lstm.cjm) with the
# lesson's own code: the lesson's cells up to the line that names this script (the text, the
# n-grams, char_model, train, heldout_bits), then more cells and more passes than the lesson
# can afford, from the lesson's seed (0). Run from the repository root:
#   sh lessons/17-text/train-long.sh [CAJAL_BIN] [OUT]
set -e
bin=${1:-.build/release/cajal}
out=${2:-lessons/data/text-lstm.cjm}
H=${H:-256}
PASSES=${PASSES:-12}
script=$(mktemp /tmp/train-long-XXXXXX.cajal)
trap 'rm -f "$script"' EXIT
sed '/train-long.sh runs the lesson up to this line/q' lessons/17-text/lesson.cajal > "$script"
cat >> "$script" <<CAJAL
let long = char_model($H)
print("{count_params(long.params)} weights")
let t0 = clock()
train(long, $PASSES, lr: 0.01, decay: 0.9)
print("trained {$PASSES} passes in {clock() - t0:.0f} s")
print("held out: {heldout_bits(long).bits:.3f} bits per character")
save_model(long.params, "$out")
CAJAL
"$bin" run "$script"
