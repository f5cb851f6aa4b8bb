// Every test listens to Microsoft.Extensions.AI's activity source and meter, which are process-wide:
// run them one at a time so that one test's chat calls never land in another's listener.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
