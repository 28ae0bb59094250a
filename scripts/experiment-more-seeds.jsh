// Issue 22: the epoch-ensemble reading found oracle - w/o ACL +1.29 [0.09, 2.48] on seeds 1-5 (figures/experiments/
// epoch-ensemble) - one of six comparisons, so it could be a 1-in-20 fluke. Five more training seeds (6-10) of the
// standard lab (same world, data seed 7, same settings) for w/o ACL, RMFER and the oracle, run beside the committed
// ones (runs/lab/runs/lab-d7-s<6..10>-*); read afterwards with the ensemble script over seeds 1-10:
//   ARMS=without-acl,full,oracle SEEDS=1,2,3,4,5,6,7,8,9,10 ./rmfer jshell scripts/experiment-epoch-ensemble.jsh
// Run: ./rmfer jshell scripts/experiment-more-seeds.jsh
var base = LabPlans.standard();
var plan = new LabExperiment.Plan("lab", base.world(), base.phase1().copy(), base.phase2().copy(), base.moreLabelsPerClass(), List.of(Arm.WITHOUT_ACL, Arm.FULL, Arm.ORACLE), List.of(), List.of(6L, 7L, 8L, 9L, 10L), 0, null, base.lastEvals());
var r = LabExperiment.run(plan, Path.of("runs/lab"), Path.of("runs/lab/more-seeds-figures"), System.out::println);
System.out.println("DONE " + r.seconds());
/exit
