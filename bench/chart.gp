# Draws docs/benchmarks.png from the .dat files bench/report.py writes into a results dir.
#   gnuplot -e "dir='RESULTS_DIR'; out='docs/benchmarks.png'; subtitle='...'" bench/chart.gp
# Each .dat file: a header line naming the series, then one line per category:
#   "label" value value ...   (NaN where a server has no number)
# Log scales throughout: s3emu and the peers are orders of magnitude apart.

set terminal pngcairo size 1400,1000 font "DejaVu Sans,10"
set output out
set datafile missing "NaN"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set boxwidth 0.9
set key top right font ",9" samplen 1.5
set grid ytics lc rgb "#dddddd"
set logscale y
set format y "%g"
set xtics nomirror font ",9"
# Bars start at 1 on the log scale, so that a small value still shows.
set yrange [1:*]
set linetype 1 lc rgb "#1b7837"  # s3emu
set linetype 2 lc rgb "#e08214"  # s3rver
set linetype 3 lc rgb "#8073ac"  # moto
set linetype 4 lc rgb "#878787"  # nginx / the machine's limit

set multiplot layout 2,2 title "s3emu vs s3rver and moto (".subtitle.")" font ",13"

set title "Small objects, 4 KiB, 64 connections (requests/s, higher is better)"
set ylabel "requests/s"
plot for [i=2:5] dir."/chart-small.dat" using i:xtic(1) title columnheader(i)

set title "Large objects (MB/s, higher is better)"
set ylabel "MB/s"
plot for [i=2:5] dir."/chart-large.dat" using i:xtic(1) title columnheader(i)

set title "LIST: one 1000-entry page (pages/s, higher is better)"
set ylabel "pages/s"
plot for [i=2:4] dir."/chart-list.dat" using i:xtic(1) title columnheader(i)

set title "Start-up and memory (lower is better)"
set ylabel "ms / MiB"
plot for [i=2:4] dir."/chart-footprint.dat" using i:xtic(1) title columnheader(i)

unset multiplot
