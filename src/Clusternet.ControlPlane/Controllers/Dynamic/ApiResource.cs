namespace Clusternet.ControlPlane.Controllers.Dynamic;

/// <summary>One top-level resource the server serves, as discovery lists it.</summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The preferred version of the group.</param>
/// <param name="Resource">The plural name in URLs.</param>
/// <param name="Kind">The kind of its objects.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="Verbs">The verbs it supports.</param>
internal sealed record ApiResource(string Group, string Version, string Resource, string Kind, bool Namespaced, IReadOnlyList<string> Verbs)
{
    /// <summary><c>v1</c> or <c>group/version</c>, as in an object's apiVersion.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>Whether objects can be listed and watched, which both the collector and the namespace controller need.</summary>
    public bool Watchable => Verbs.Contains("list") && Verbs.Contains("watch");

    /// <summary>Whether objects can be deleted one by one.</summary>
    public bool Deletable => Verbs.Contains("delete");

    /// <summary><c>resource.group</c>, as errors and namespace conditions name it.</summary>
    public override string ToString() => Resource + "." + Group;
}
