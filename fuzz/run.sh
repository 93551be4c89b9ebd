#!/usr/bin/env bash
# Builds the BPMN parser fuzz target with clang's libFuzzer and AddressSanitizer, then runs it.
#   fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 60 seconds)
# Not part of the CMake build. Needs clang 16 or newer (Debian 12: apt-get install clang-16
# libclang-rt-16-dev). Clang 14, Debian 12's default, cannot compile libstdc++ 12's <expected>.
# Clang 16-18 implement what <expected> needs (P0848) but still report __cpp_concepts 201907, for
# which libstdc++ hides std::expected; the script raises the macro for them.
# Findings land in fuzz/out/ (crash-*, leak-*, timeout-*); the corpus grows in fuzz/out/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

cxx=""
for candidate in clang++-19 clang++-18 clang++-17 clang++-16 clang++; do
  if command -v "$candidate" >/dev/null 2>&1; then
    major="$("$candidate" -dumpversion | cut -d. -f1)"
    if [ "$major" -ge 16 ]; then cxx="$candidate"; break; fi
  fi
done
if [ -z "$cxx" ]; then
  echo "fuzz/run.sh: no clang++ 16 or newer found (std::expected needs it)." >&2
  echo "On Debian 12: apt-get install clang-16 libclang-rt-16-dev" >&2
  exit 2
fi

out=fuzz/out
mkdir -p "$out/corpus"
sources=(fuzz/bpmn_fuzz.cpp src/core/clock.cpp src/core/result.cpp src/domain/functions.cpp)
while IFS= read -r f; do sources+=("$f"); done < <(find src/engine -name '*.cpp' ! -name '*_test.cpp' ! -name library.cpp | sort) # library.cpp needs the CMake-embedded processes

extra=()
if [ "$major" -lt 19 ]; then extra=(-Wno-macro-redefined -D__cpp_concepts=202002L); fi

echo "building $out/bpmn_fuzz with $cxx"
"$cxx" -std=gnu++2b "${extra[@]}" -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
  -Isrc "${sources[@]}" $(pkg-config --cflags --libs pugixml fmt) -o "$out/bpmn_fuzz"

cp -n fuzz/corpus/* "$out/corpus/" 2>/dev/null || true
"$out/bpmn_fuzz" "$out/corpus" -dict=fuzz/bpmn.dict -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -artifact_prefix="$out/" "$@"
