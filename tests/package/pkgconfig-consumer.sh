#!/usr/bin/env bash
# The installed tracesan.pc works as users call it: the installed tree is copied to another
# prefix (the .pc file must find itself there), then the README's example is compiled with plain
# `pkg-config --cflags --libs tracesan` (no --static) and run on a sample trace.
#   pkgconfig-consumer.sh PREFIX README_EXAMPLE.cpp TRACE WORKDIR
set -euo pipefail
prefix=$1 example=$2 trace=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
cp -a "$prefix" "$work/moved-prefix"
pc=$(find "$work/moved-prefix" -name tracesan.pc -print -quit)
[[ -n "$pc" ]] || { echo "no tracesan.pc under $prefix" >&2; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs tracesan)
case "$flags" in
  *"$work/moved-prefix"*) ;;
  *) echo "tracesan.pc does not point into its own prefix: $flags" >&2; exit 1 ;;
esac
# shellcheck disable=SC2086
${CXX:-c++} ${EXTRA_CXXFLAGS:-} -o "$work/list-urls" "$example" $flags
out=$("$work/list-urls" "$trace")
echo "$out"
grep -q '^https://login.microsoftonline.com/' <<<"$out" || { echo "unexpected output" >&2; exit 1; }
