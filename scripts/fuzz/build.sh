#!/usr/bin/env bash
# Builds .build-fuzz/cajal-fuzz: Cajal's rooms compiled with libFuzzer coverage and
# AddressSanitizer (swiftc -sanitize=fuzzer,address), linked with the harness in Harness.swift.
# One binary holds every target; CAJAL_FUZZ_TARGET chooses it (see run.sh and docs/testing.md).
#
#   scripts/fuzz/build.sh            # into .build-fuzz/ (ignored by git)
#   FUZZ_BUILD=/tmp/f scripts/fuzz/build.sh
#
# The rooms are compiled with swiftc directly, not SwiftPM: SwiftPM would pass the sanitizer
# flags to the embed-prelude build tool as well. Swift itself traps on overflow, bad casts and
# out-of-range subscripts (there is no separate undefined-behaviour sanitizer for Swift); the
# C files are compiled with clang's -fsanitize=undefined besides.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_BUILD:-$root/.build-fuzz}
swiftc=${SWIFTC:-swiftc}
clang=${CLANG:-$(dirname "$(command -v "$swiftc")")/clang}
opt=${FUZZ_OPT:--O}
mkdir -p "$out/modules" "$out/objects"

flags=(-sanitize=fuzzer,address -parse-as-library -enable-testing -g "$opt" -I "$out/modules"
       -I "$root/Sources/COpenBLAS" -I "$root/Sources/CCairo" -I "$root/Sources/CCmark"
       -I "$root/.build/checkouts/ZIPFoundation/Sources/CZLib" -I "$out/cinterrupt" -I "$out/cvectormath" -module-cache-path "$out/module-cache")

# the C libraries' header folders (cairo's headers are under /usr/include/cairo)
for dir in $(pkg-config --cflags-only-I cairo libcmark-gfm); do flags+=(-Xcc "$dir"); done

# ZIPFoundation (the Grader's zip writer) from SwiftPM's checkout of it
zip=$root/.build/checkouts/ZIPFoundation/Sources/ZIPFoundation
[[ -d $zip ]] || (cd "$root" && swift package resolve)

# CInterrupt: the C file, and a module map for it (SwiftPM writes one; so do we).
mkdir -p "$out/cinterrupt"
cat > "$out/cinterrupt/module.modulemap" <<MAP
module CInterrupt {
    header "$root/Sources/CInterrupt/include/CInterrupt.h"
    export *
}
MAP
"$clang" -c -g -O1 -fsanitize=fuzzer-no-link,address,undefined "$root/Sources/CInterrupt/CInterrupt.c" \
    -I "$root/Sources/CInterrupt/include" -o "$out/objects/CInterrupt.o"

# CVectorMath: the vector kernels (plain x86-64, AVX2 and AVX-512 builds of one header) under
# the same sanitizers, and a module map for its header. Dispatch.c (the table of levels) is
# compiled without them, as when it held ifunc resolvers that ran before AddressSanitizer.
mkdir -p "$out/cvectormath"
cat > "$out/cvectormath/module.modulemap" <<MAP
module CVectorMath {
    header "$root/Sources/CVectorMath/include/CVectorMath.h"
    export *
}
MAP
for file in Baseline AVX2 AVX512 AVX512Chains; do
    "$clang" -c -g -O1 -fsanitize=fuzzer-no-link,address,undefined "$root/Sources/CVectorMath/$file.c" \
        -I "$root/Sources/CVectorMath/include" -o "$out/objects/CVectorMath-$file.o"
done
"$clang" -c -g -O1 "$root/Sources/CVectorMath/Dispatch.c" \
    -I "$root/Sources/CVectorMath/include" -o "$out/objects/CVectorMath-Dispatch.o"

# The prelude, embedded as the build plugin does it.
mkdir -p "$out/prelude"
"$swiftc" -O "$root/Sources/embed-prelude/main.swift" -o "$out/prelude/embed-prelude" -module-cache-path "$out/module-cache"
"$out/prelude/embed-prelude" "$out/prelude/new.swift" "$root"/Sources/Interpreter/Prelude/*.cajal
cmp -s "$out/prelude/new.swift" "$out/prelude/PreludeSources.swift" || mv "$out/prelude/new.swift" "$out/prelude/PreludeSources.swift"

# One room: every Swift file of Sources/NAME (plus extra files), as one object and a module.
room() {
    local name=$1; shift
    room_in "$name" "$root/Sources/$name" "$@"
}
# A module from every Swift file of a folder (plus extra files).
room_in() {
    local name=$1 dir=$2; shift 2
    local stamp="$out/objects/$name.o"
    local files=("$dir"/*.swift "$@")
    # a room is rebuilt when its files' contents (or the flags) changed, and so is every room
    # after it. Contents, not times: a fresh checkout (CI restoring a cached build folder) has
    # new file times but the same contents. A room built before hashes were kept is judged by
    # time once, and its hash recorded.
    local hash
    hash=$( { printf '%s\n' "${flags[@]}" ${room_flags[@]+"${room_flags[@]}"}; cat "${files[@]}"; } | sha256sum | cut -d' ' -f1)
    if [[ -z $rebuilt && -f "$stamp" ]]; then
        if [[ -f "$stamp.hash" && $(cat "$stamp.hash") == "$hash" ]] \
           || [[ ! -f "$stamp.hash" && -z $(find "${files[@]}" -newer "$stamp" | head -1) ]]; then
            echo "$hash" > "$stamp.hash"
            echo "  $name is up to date"
            return
        fi
    fi
    rebuilt=yes
    echo "  compiling $name (${#files[@]} files)"
    "$swiftc" "${flags[@]}" ${room_flags[@]+"${room_flags[@]}"} -module-name "$name" -wmo -emit-module \
        -emit-module-path "$out/modules/$name.swiftmodule" -c "${files[@]}" -o "$stamp"
    echo "$hash" > "$stamp.hash"
}
echo "building the fuzz harness in $out"
rebuilt=
room Diagnostics
room Language
room TensorCore
room Autograd
room NN
room Datasets
room Export
room Plot
room Interpreter "$out/prelude/PreludeSources.swift"
room Notebook
room_flags=(-Xcc -D_GNU_SOURCE=1)   # as ZIPFoundation's Package.swift defines it (fopencookie)
room_in ZIPFoundation "$zip"
room_flags=()
room Grader

"$swiftc" "${flags[@]}" -module-name CajalFuzz "$root/scripts/fuzz/Harness.swift" \
    "$out"/objects/{Diagnostics,Language,TensorCore,Autograd,NN,Datasets,Export,Plot,Interpreter,Notebook,ZIPFoundation,Grader,CInterrupt}.o \
    "$out"/objects/CVectorMath-{Baseline,AVX2,AVX512,AVX512Chains,Dispatch}.o \
    -lopenblas -lcairo -lcmark-gfm -lcmark-gfm-extensions -lz -o "$out/cajal-fuzz"
echo "built $out/cajal-fuzz"
