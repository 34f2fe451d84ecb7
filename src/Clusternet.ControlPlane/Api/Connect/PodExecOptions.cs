using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>
/// The query of a <c>pods/&lt;name&gt;/exec</c> request (kube's PodExecOptions): repeated <c>command</c>, <c>container</c>,
/// and the <c>stdin</c>/<c>stdout</c>/<c>stderr</c>/<c>tty</c> switches. Booleans parse as Go's strconv.ParseBool does,
/// since kubectl sends <c>true</c> and KubernetesClient sends <c>1</c>. With a terminal there is no separate stderr: the
/// kubelet drops it, and what the command writes there reaches the terminal through stdout.
/// </summary>
internal sealed record PodExecOptions(IReadOnlyList<string> Command, string? Container, bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    public static PodExecOptions Parse(IQueryCollection query)
    {
        var tty = Flag(query, "tty");
        return new PodExecOptions(
            [.. query["command"].OfType<string>()],
            query["container"].FirstOrDefault() is { Length: > 0 } container ? container : null,
            Flag(query, "stdin"),
            Flag(query, "stdout"),
            Flag(query, "stderr") && !tty,
            tty);
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is "1" or "t" or "T" or "true" or "TRUE" or "True";
}
