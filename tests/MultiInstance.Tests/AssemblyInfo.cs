// Every test here starts real processes (Host instances, nginx): one at a time keeps a 2-core machine responsive
// and the tests' timeouts meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
