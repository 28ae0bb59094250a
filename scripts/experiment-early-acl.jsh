// Issue 22 hypothesis: ACL fails in the lab because it starts after phase 1 has memorised the 140 labels (up to 400
// steps on 20 faces per class), when the backbone no longer moves for a contrastive term. Started early, with a phase 1
// of one epoch (50 steps) and a phase 2 of eight (400 steps, λ2 warm-up over its first 50), ACL with true pairs (the
// oracle) should beat w/o ACL, and RMFER should move toward it. Arms w/o ACL, RMFER and the oracle, seeds 1-3, the
// standard world; every other setting as LabPlans.standard().
// Run: ./rmfer jshell scripts/experiment-early-acl.jsh   Result: figures/experiments/early-acl/ (see its README).
var base = LabPlans.standard();
var p1 = base.phase1().copy().optEpochs(1, 0);
var p2 = base.phase2().copy().optEpochs(0, 8);
var plan = new LabExperiment.Plan("lab-early-acl", base.world(), p1, p2, base.moreLabelsPerClass(), List.of(Arm.WITHOUT_ACL, Arm.FULL, Arm.ORACLE), List.of(), List.of(1L, 2L, 3L), 0, null, base.lastEvals());
var r = LabExperiment.run(plan, Path.of("runs/lab"), Path.of("runs/lab/early-acl-figures"), System.out::println);
System.out.println("DONE " + r.seconds());
/exit
