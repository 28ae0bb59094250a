// Issue 22 hypothesis: is ACL too weak or too short to help? λ2 = 1 and 400 phase-2 steps (the lab: 0.1, 200), arms
// w/o ACL, RMFER and the oracle, seeds 1-3, the standard world. Run: ./rmfer jshell scripts/experiment-strong-acl.jsh
// Result committed in figures/experiments/strong-acl/ (see the README there).
var base = LabPlans.standard();
var p2 = base.phase2().copy().optLambda2(1.0).optEpochs(0, 8);
var plan = new LabExperiment.Plan("lab-strong-acl", base.world(), base.phase1().copy(), p2, base.moreLabelsPerClass(), List.of(Arm.WITHOUT_ACL, Arm.FULL, Arm.ORACLE), List.of(), List.of(1L, 2L, 3L), 0, null, base.lastEvals());
var r = LabExperiment.run(plan, Path.of("runs/lab"), Path.of("runs/lab/strong-acl-figures"), System.out::println);
System.out.println("DONE " + r.seconds());
/exit
