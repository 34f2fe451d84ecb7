namespace Clusternet.Testing;

/// <summary>Finds the repository root and the optional <c>../shared</c> reference folder beside it.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds Clusternet.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>
    /// The reference folder with upstream's CRDs and examples: <c>CLUSTERNET_SHARED</c> when set,
    /// else <c>../shared</c> beside the repository. Null when absent (a user's clone has none).
    /// </summary>
    public static string? Shared
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("CLUSTERNET_SHARED");
            var candidate = !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            return Directory.Exists(Path.Combine(candidate, "fixtures", "clusternet")) ? candidate : null;
        }
    }

    /// <summary>Upstream's CRD folder, or null when the reference folder is absent.</summary>
    public static string? UpstreamCrds => Shared is { } s ? Path.Combine(s, "fixtures", "clusternet", "crds") : null;

    /// <summary>Upstream's examples folder, or null when the reference folder is absent.</summary>
    public static string? UpstreamExamples => Shared is { } s ? Path.Combine(s, "fixtures", "clusternet", "examples") : null;

    /// <summary>The reason an upstream comparison test is skipped on this machine.</summary>
    public const string SharedMissingReason =
        "upstream reference files not found: ../shared/fixtures/clusternet is absent beside the repository (set CLUSTERNET_SHARED to point at it); CI always has it";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusternet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Clusternet.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that compares with upstream's reference files; skipped with a reason where they are absent.</summary>
internal sealed class UpstreamFactAttribute : FactAttribute
{
    public UpstreamFactAttribute()
    {
        if (RepositoryPaths.Shared is null)
        {
            Skip = RepositoryPaths.SharedMissingReason;
        }
    }
}

/// <summary>A theory that compares with upstream's reference files; skipped with a reason where they are absent.</summary>
internal sealed class UpstreamTheoryAttribute : TheoryAttribute
{
    public UpstreamTheoryAttribute()
    {
        if (RepositoryPaths.Shared is null)
        {
            Skip = RepositoryPaths.SharedMissingReason;
        }
    }
}
