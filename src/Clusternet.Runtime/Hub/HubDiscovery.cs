using System.Reflection;
using System.Runtime.InteropServices;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Hub;

/// <summary>The hub's discovery documents and <c>/version</c>, as a k8s.io/apiserver extension server serves them.</summary>
internal static class HubDiscovery
{
    public const string ProxiesGroup = "proxies.clusternet.io";
    public const string ProxiesVersion = "v1alpha1";
    public const string ProxiesPrefix = "/apis/" + ProxiesGroup + "/" + ProxiesVersion;
    public const string Sockets = "sockets";

    // Sockets and sockets/proxy are "connect" storages: every HTTP method maps to a verb, but nothing lists or watches.
    private static readonly string[] ConnectVerbs = ["create", "delete", "get", "patch", "update"];

    public static byte[] ProxiesResourceList() => Serialize(new V1APIResourceList
    {
        ApiVersion = "v1",
        Kind = "APIResourceList",
        GroupVersion = ProxiesGroup + "/" + ProxiesVersion,
        Resources =
        [
            new V1APIResource
            {
                Name = Sockets, SingularName = "socket", Namespaced = false, Kind = "Socket", Verbs = ConnectVerbs,
                ShortNames = ["ss"], Categories = ["clusternet"],
            },
            new V1APIResource { Name = Sockets + "/proxy", SingularName = string.Empty, Namespaced = false, Kind = "Socket", Verbs = ConnectVerbs },
        ],
    });

    public static V1APIGroup Group(string name, string version) => new()
    {
        ApiVersion = "v1",
        Kind = "APIGroup",
        Name = name,
        Versions = [new V1GroupVersionForDiscovery { GroupVersion = name + "/" + version, Version = version }],
        PreferredVersion = new V1GroupVersionForDiscovery { GroupVersion = name + "/" + version, Version = version },
    };

    public static byte[] GroupList(IEnumerable<HubApiGroup> mounted) => Serialize(new V1APIGroupList
    {
        ApiVersion = "v1",
        Kind = "APIGroupList",
        Groups = [Group(ProxiesGroup, ProxiesVersion), .. mounted.Select(g => Group(g.Group, g.Version))],
    });

    public static byte[] Serialize(object value) => System.Text.Encoding.UTF8.GetBytes(KubernetesJson.Serialize(value));

    public static byte[] Version()
    {
        var assembly = typeof(HubDiscovery).Assembly;
        var version = assembly.GetName().Version ?? new Version(0, 0);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? version.ToString();
        return Serialize(new VersionInfo
        {
            Major = version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Minor = version.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            GitVersion = "v" + informational,
            GitCommit = string.Empty,
            GitTreeState = string.Empty,
            BuildDate = string.Empty,
            GoVersion = RuntimeInformation.FrameworkDescription,
            Compiler = "dotnet",
            Platform = RuntimeInformation.OSDescription.Contains("Linux", StringComparison.Ordinal) ? "linux/" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() : RuntimeInformation.RuntimeIdentifier,
        });
    }
}
