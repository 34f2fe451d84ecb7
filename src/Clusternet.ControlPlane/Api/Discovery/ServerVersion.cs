using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// The <c>/version</c> document. The reported minor matters: the kubectl version dispatcher runs the kubectl
/// binary matching it (27–33), and 32 selects the client behaviour this server was verified against.
/// </summary>
public sealed record ServerVersion
{
    /// <summary>The major version, as a string.</summary>
    public string Major { get; init; } = "1";

    /// <summary>The minor version, as a string.</summary>
    public string Minor { get; init; } = "32";

    /// <summary>The full version, <c>v1.32.0</c> style.</summary>
    public string GitVersion { get; init; } = "v1.32.0";

    /// <summary>The commit; ours carries no Go commit, so a fixed placeholder.</summary>
    public string GitCommit { get; init; } = "0000000000000000000000000000000000000000";

    /// <summary><c>clean</c> or <c>dirty</c>.</summary>
    public string GitTreeState { get; init; } = "clean";

    /// <summary>The build time, RFC 3339.</summary>
    public string BuildDate { get; init; } = "2024-12-11T00:00:00Z";

    /// <summary>The toolchain; clients only display it.</summary>
    public string GoVersion { get; init; } = "go1.23.3";

    /// <summary>The compiler; clients only display it.</summary>
    public string Compiler { get; init; } = "gc";

    /// <summary>The <c>os/arch</c> the server reports.</summary>
    public string Platform { get; init; } = "linux/amd64";

    /// <summary>The document as served at <c>/version</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = GitCommit,
        ["gitTreeState"] = GitTreeState,
        ["buildDate"] = BuildDate,
        ["goVersion"] = GoVersion,
        ["compiler"] = Compiler,
        ["platform"] = Platform,
    };
}
