using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The Job controller for NonIndexed jobs: keeps up to <c>parallelism</c> pods running until <c>completions</c> have
/// Succeeded (the simulated kubelet completes every Job pod), then reports the <c>SuccessCriteriaMet</c> and
/// <c>Complete</c> conditions and <c>completionTime</c>, as Kubernetes 1.31+ does. Succeeded pods are counted from the
/// pods still present (no tracking finalizers), failures never happen, and suspend is honoured by creating nothing.
/// </summary>
internal sealed class JobController(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    public override string Name => "simulated-job";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.BatchV1.WatchListJobForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var jobs = (await client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var now = DateTime.UtcNow;
        foreach (var job in jobs.Where(j => j.Metadata.DeletionTimestamp is null))
        {
            if (job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true)
            {
                continue;
            }

            var owned = pods.Where(p => WorkloadPods.IsControlledBy(p.Metadata, job.Metadata)).ToList();
            var active = owned.Where(WorkloadPods.IsActive).ToList();
            var succeeded = Math.Max(job.Status?.Succeeded ?? 0, owned.Count(p => p.Status?.Phase == "Succeeded"));
            var completions = job.Spec.Completions ?? 1;
            var parallelism = job.Spec.Parallelism ?? 1;
            var done = succeeded >= completions;
            if (!done && job.Spec.Suspend != true)
            {
                var wanted = Math.Min(parallelism, completions - succeeded) - active.Count;
                var owner = WorkloadPods.ControllerOf("batch/v1", "Job", job.Metadata);
                var labels = new Dictionary<string, string>
                {
                    ["batch.kubernetes.io/controller-uid"] = job.Metadata.Uid,
                    ["batch.kubernetes.io/job-name"] = job.Metadata.Name,
                    ["controller-uid"] = job.Metadata.Uid,
                    ["job-name"] = job.Metadata.Name,
                };
                for (var i = 0; i < wanted; i++)
                {
                    await client.CoreV1.CreateNamespacedPodAsync(WorkloadPods.FromTemplate(job.Spec.Template, job.Metadata.NamespaceProperty, owner, labels), job.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            var status = new V1JobStatus
            {
                StartTime = job.Status?.StartTime ?? now,
                Active = WorkloadPods.Count(done ? 0 : active.Count),
                Ready = done ? 0 : active.Count(WorkloadPods.IsReady),
                Succeeded = WorkloadPods.Count(succeeded),
                Terminating = job.Status?.Terminating,
                UncountedTerminatedPods = new V1UncountedTerminatedPods(),
                Conditions = job.Status?.Conditions,
            };
            if (done)
            {
                status.CompletionTime = now;
                status.Conditions =
                [
                    new V1JobCondition { Type = "SuccessCriteriaMet", Status = "True", Reason = "CompletionsReached", Message = "Reached expected number of succeeded pods", LastProbeTime = now, LastTransitionTime = now },
                    new V1JobCondition { Type = "Complete", Status = "True", Reason = "CompletionsReached", Message = "Reached expected number of succeeded pods", LastProbeTime = now, LastTransitionTime = now },
                ];
            }

            if (!WorkloadPods.Same(status, job.Status))
            {
                job.Status = status;
                await client.BatchV1.ReplaceNamespacedJobStatusAsync(job, job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
