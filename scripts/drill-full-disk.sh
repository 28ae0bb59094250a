#!/bin/bash
# Issue 18 drill on a real 2 MiB tmpfs (needs root for mount): full disk, 4 KiB free, a changed setting, a subset
# build and a removal typo, each through the CLI. Usage: scripts/drill-full-disk.sh [JARDIR (default toolkit/target)] [LABEL]
J="${1:-toolkit/target}"; L="${2:-now}"
JAVA="java @$J/launch/jvm.args -cp $J/rmfer4j-toolkit.jar:$J/lib/* org.rmfer4j.cli.RmferCli" # the build's JVM options
W=/tmp/drill-$L; umount $W/full 2>/dev/null; rm -rf $W; mkdir -p $W/full $W/vids
$JAVA synth mashup --out $W/vids --videos 2 --seconds 2 --fps 10 --viewers 4 --size 640x360 >/dev/null 2>&1
mount -t tmpfs -o size=2m tmpfs $W/full
$JAVA rmset build --videos $W/vids --out $W/full/rmset --every 1 > $W/b0.log 2>&1; echo "[$L] first build rc=$? index=$(stat -c %s $W/full/rmset/index.csv) rows=$(($(wc -l < $W/full/rmset/index.csv)-1))"
cp $W/full/rmset/index.csv $W/good.csv
dd if=/dev/zero of=$W/full/fill bs=4k 2>/dev/null; sync
$JAVA rmset build --videos $W/vids --out $W/full/rmset --every 1 > $W/b1.log 2>&1; rc=$?
echo "[$L] full disk: rc=$rc index=$(stat -c %s $W/full/rmset/index.csv) same=$(cmp -s $W/good.csv $W/full/rmset/index.csv && echo yes || echo no) msg=$(grep -m1 -i 'error\|space' $W/b1.log | cut -c1-140)"
rm $W/full/fill; dd if=/dev/zero of=$W/full/fill bs=1k count=$(( $(df -k --output=avail $W/full | tail -1) - 4 )) 2>/dev/null; sync
$JAVA rmset build --videos $W/vids --out $W/full/rmset --every 1 > $W/b2.log 2>&1; rc=$?
echo "[$L] 4 KiB free: rc=$rc index=$(stat -c %s $W/full/rmset/index.csv) same=$(cmp -s $W/good.csv $W/full/rmset/index.csv && echo yes || echo no) msg=$(grep -m1 -i 'error\|space' $W/b2.log | cut -c1-140)"
rm $W/full/fill
$JAVA rmset build --videos $W/vids --out $W/full/rmset --every 5 > $W/b3.log 2>&1
echo "[$L] --every 5 after 1: $(grep -m1 "mashup01 " $W/b3.log | cut -c1-90) every-values=$(cut -d, -f10 $W/full/rmset/index.csv | sort -u | tr '\n' ' ')"
$JAVA rmset build --videos $W/vids/mashup01.mp4 --out $W/full/rmset --every 5 > $W/b4.log 2>&1
echo "[$L] subset build: videos in index=$(cut -d, -f1 $W/full/rmset/index.csv | tail -n +2 | sort -u | tr '\n' ' ')"
printf 'video,x,y,w,h\nmashup01,0,0,10,10\nmashup1,0,0,10,10\n' > $W/typo.csv
$JAVA rmset build --videos $W/vids --out $W/full/rmset --every 5 --removal $W/typo.csv > $W/b5.log 2>&1; echo "[$L] removal typo: rc=$? $(grep -m1 -i 'error' $W/b5.log | cut -c1-150)"
grep -c "stack guard" $W/*.log | paste -sd' ' | sed "s/^/[$L] stack-guard lines per log: /"
umount $W/full
