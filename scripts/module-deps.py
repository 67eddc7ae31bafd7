#!/usr/bin/python3
"""Link-level dependencies of rfplan's source folders, from nm of the
objects (doc/design.md, Module map): each object's undefined symbols
resolved to the object that defines them.

  scripts/module-deps.py [BUILD]           the folder graph, one line per folder
  scripts/module-deps.py [BUILD] --check   exit 1 naming every call cycle
                                           between two folders or two files
"""
import collections, glob, os, subprocess, sys

args = [a for a in sys.argv[1:] if not a.startswith('--')]
check = '--check' in sys.argv
objdir = os.path.join(args[0] if args else 'build', 'obj')
objs = [o for o in glob.glob(objdir + '/**/*.o', recursive=True)
        if not os.path.relpath(o, objdir).startswith('tests/')]
if not objs:
    sys.exit('module-deps: no objects under %s (build first)' % objdir)
defs, undef = {}, collections.defaultdict(set)
for o in objs:
    name = os.path.relpath(o, objdir)[:-2]
    for line in subprocess.check_output(['nm', o], text=True).splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in 'TDBR':
            defs[f[2]] = name
        elif len(f) == 2 and f[0] == 'U':
            undef[name].add(f[1])
files, folders = collections.defaultdict(set), collections.defaultdict(set)
for name, syms in undef.items():
    for s in syms:
        d = defs.get(s)
        if d and d != name:
            files[name].add(d)
            if os.path.dirname(d) != os.path.dirname(name):
                folders[os.path.dirname(name)].add(os.path.dirname(d))
cycles = ['folders %s <-> %s' % (a, b) for a in sorted(folders) for b in sorted(folders[a])
          if a < b and a in folders.get(b, ())]
cycles += ['files %s <-> %s' % (a, b) for a in sorted(files) for b in sorted(files[a])
           if a < b and a in files.get(b, ())]
if check:
    for c in cycles:
        print('cycle: ' + c)
    sys.exit(1 if cycles else 0)
for a in sorted(folders):
    print('%-11s -> %s' % (a, ' '.join(sorted(folders[a]))))
