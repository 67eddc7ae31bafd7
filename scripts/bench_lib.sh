# shellcheck shell=bash
# Helpers for scripts/bench.sh (sourced, not run): timing, statistics and the
# result tables.  Needs: $TMP (scratch dir), $RESULTS, $PIXELS, $REPORT
# (files in $TMP), $MD (markdown file or empty).
#
# RESULTS lines: case|tool|run|rc|wall_s|cpu_s|maxrss_kb
# PIXELS lines:  case|tool|pixels|how counted

# measure CASE TOOL RUN LOG CMD...: run CMD under GNU time, append a RESULTS
# line; wall time from date(1) in ns (GNU time's %e has 10 ms resolution).
# Returns CMD's exit status.
measure() {
	local c=$1 t=$2 r=$3 log=$4 t0 t1 rc line u s m
	shift 4
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$TMP/time.out" "$@" >"$log" 2>&1
	rc=$?
	t1=$(date +%s%N)
	# GNU time writes "Command exited with non-zero status N" first on failure.
	line=$(tail -n 1 "$TMP/time.out" 2>/dev/null)
	read -r u s m <<EOF
$line
EOF
	awk -v c="$c" -v t="$t" -v r="$r" -v rc="$rc" -v t0="$t0" -v t1="$t1" \
	    -v u="${u:-0}" -v s="${s:-0}" -v m="${m:-0}" \
	    'BEGIN { printf "%s|%s|%s|%d|%.4f|%.2f|%d\n", c, t, r, rc, (t1 - t0) / 1e9, u + s, m }' \
	    >>"$RESULTS"
	if [ "$rc" -ne 0 ]; then
		echo "bench: $t ($c, run $r) failed with status $rc:" >&2
		tail -n 5 "$log" | sed 's/^/    /' >&2
	fi
	return "$rc"
}

# set_pixels CASE TOOL COUNT HOW
set_pixels() {
	grep -v "^$1|$2|" "$PIXELS" >"$PIXELS.new" 2>/dev/null
	echo "$1|$2|$3|$4" >>"$PIXELS.new"
	mv "$PIXELS.new" "$PIXELS"
}

# disc_pixels RADIUS_KM LAT_DEG PIXEL_ARCSEC_LAT PIXEL_ARCSEC_LON: pi r^2 over
# the ground area of one pixel at that latitude (sphere of 6371008.8 m, the
# IUGG mean radius), rounded.
disc_pixels() {
	awk -v r="$1" -v lat="$2" -v py="$3" -v px="$4" 'BEGIN {
		pi = atan2(0, -1); R = 6371008.8; d = pi / 180 / 3600
		a = (R * py * d) * (R * cos(lat * pi / 180) * px * d)
		printf "%.0f\n", pi * (r * 1000) ^ 2 / a }'
}

# stats CASE TOOL -> "ok wall_med cpu_med rss_max_kb" over successful runs
stats() {
	awk -F'|' -v c="$1" -v t="$2" '
	function med(a, n,   i, j, x) {
		for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	$1 == c && $2 == t && $4 == 0 { n++; w[n] = $5; u[n] = $6; if ($7 > m) m = $7 }
	END { if (n) printf "%d %.4f %.3f %d\n", n, med(w, n), med(u, n), m; else print "0 0 0 0" }' "$RESULTS"
}

# ratio CASE TOOL_A TOOL_B FIELD(5 wall, 6 cpu): median over runs i of A_i/B_i
# (runs of both that succeeded), or "-".
ratio() {
	awk -F'|' -v c="$1" -v a="$2" -v b="$3" -v f="$4" '
	$1 == c && $4 == 0 && $2 == a { A[$3] = $f }
	$1 == c && $4 == 0 && $2 == b { B[$3] = $f }
	END {
		for (r in A) if ((r in B) && B[r] > 0) { n++; x[n] = A[r] / B[r] }
		if (!n) { print "-"; exit }
		for (i = 2; i <= n; i++) { v = x[i]; for (j = i - 1; j >= 1 && x[j] > v; j--) x[j + 1] = x[j]; x[j + 1] = v }
		printf "%.3f\n", n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }' "$RESULTS"
}

# out TEXT...: to stdout and to the markdown report
out() {
	printf '%s\n' "$*"
	printf '%s\n' "$*" >>"$REPORT"
}

# table CASE TITLE TOOL...: one row per tool
table() {
	local c=$1 title=$2 t st n w u m px how
	shift 2
	out ""
	out "### $title"
	out ""
	out "| tool | runs ok | wall s (median) | CPU s (median) | peak RSS MB | pixels | µs/pixel wall | µs/pixel CPU |"
	out "|---|---|---|---|---|---|---|---|"
	for t in "$@"; do
		st=$(stats "$c" "$t")
		read -r n w u m <<EOF
$st
EOF
		px=$(awk -F'|' -v c="$c" -v t="$t" '$1 == c && $2 == t { print $3 }' "$PIXELS" | tail -n 1)
		how=$(awk -F'|' -v c="$c" -v t="$t" '$1 == c && $2 == t { print $4 }' "$PIXELS" | tail -n 1)
		if [ "$n" -eq 0 ]; then
			out "| $t | 0/$RUNS | failed | | | ${px:+$px ($how)} | | |"
			continue
		fi
		out "$(awk -v t="$t" -v n="$n" -v R="$RUNS" -v w="$w" -v u="$u" -v m="$m" -v px="${px:-0}" -v how="$how" 'BEGIN {
			pw = px > 0 ? sprintf("%.3f", w * 1e6 / px) : "-"
			pu = px > 0 ? sprintf("%.3f", u * 1e6 / px) : "-"
			pxs = px > 0 ? sprintf("%d (%s)", px, how) : "unknown"
			printf "| %s | %d/%d | %.3f | %.2f | %.1f | %s | %s | %s |", t, n, R, w, u, m / 1024, pxs, pw, pu }')"
	done
}

# ratio_line CASE RFPLAN_TOOL PEER_TOOL: the same-run ratios
ratio_line() {
	local rw rc
	rw=$(ratio "$1" "$2" "$3" 5)
	rc=$(ratio "$1" "$2" "$3" 6)
	if [ "$rw" = "-" ]; then
		out ""
		out "$2 / $3: no pair of successful runs, no ratio."
		return
	fi
	out ""
	out "$(awk -v a="$2" -v b="$3" -v rw="$rw" -v rc="$rc" 'BEGIN {
		cmp = rw <= 1 ? sprintf("%s is %.1fx faster", a, 1 / rw) : sprintf("%s is %.1fx slower", a, rw)
		printf "**%s / %s time ratio** (median of per-run ratios, runs alternating): wall %.3f (%s), CPU %s", a, b, rw, cmp, rc }')"
}

# floor_line CASE PEER FLOOR_TOOL: the 10x budget (PEER's median wall / 10)
# against the median wall time of FLOOR_TOOL (rfplan with no terrain model).
floor_line() {
	local np wp fp wf
	read -r np wp _ _ <<EOF
$(stats "$1" "$2")
EOF
	read -r fp wf _ _ <<EOF
$(stats "$1" "$3")
EOF
	if [ "${np:-0}" -gt 0 ] 2>/dev/null && [ "${fp:-0}" -gt 0 ] 2>/dev/null; then
		out ""
		out "$(awk -v p="$2" -v f="$3" -v wp="$wp" -v wf="$wf" 'BEGIN {
			printf "**Floor:** a 10x target leaves rfplan %.3f s (%s / 10); %s, with no terrain model, takes %.3f s of it (%.0f %%).", wp / 10, p, f, wf, 100 * wf / (wp / 10) }')"
	fi
}
