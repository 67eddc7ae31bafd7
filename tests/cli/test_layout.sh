#!/bin/sh
# The source layout (issue 21, doc/design.md "Layout" and "Module map"): the
# library lives in its subsystem folders, and no two folders nor two files
# call each other (link-level, from nm of this build's objects, by
# scripts/module-deps.py).
. "$(dirname "$0")/lib.sh"
plan 2

begin "layout: every library source is in a subsystem folder named in doc/design.md"
for f in "$ROOT"/src/*.c "$ROOT"/src/*.h; do
	[ -e "$f" ] && fail "${f#"$ROOT"/} is at the top of src/, not in a subsystem folder"
done
for d in "$ROOT"/src/*/; do
	name=$(basename "$d")
	grep -q "^ $name/ " "$ROOT/doc/design.md" ||
		fail "src/$name/ has no line in doc/design.md's module map"
done
end

name="layout: no call cycle between two folders or two files (nm of the objects)"
begin "$name"
if ! command -v nm >/dev/null 2>&1; then
	skip_tool "$name" "nm (binutils) not installed"
else
	/usr/bin/python3 "$ROOT/scripts/module-deps.py" "$BUILD" --check >"$T/out" 2>&1 ||
		fail "$(cat "$T/out")"
	end
fi
