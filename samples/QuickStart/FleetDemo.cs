namespace Clusternet.Samples.QuickStart;

/// <summary>Step 4: the typed clients against a real cluster, when one is configured.</summary>
internal static class FleetDemo
{
    public static Task<int> RunAsync(string[] args, IReadOnlyList<object> objects)
    {
        _ = args;
        _ = objects;
        Console.WriteLine("4. Typed clients against a cluster: pass --kubeconfig <file> (or set KUBECONFIG).");
        return Task.FromResult(0);
    }
}
