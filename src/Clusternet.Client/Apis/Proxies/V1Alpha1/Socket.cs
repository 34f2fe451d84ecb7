using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Proxies.V1Alpha1;

/// <summary>
/// The options of a call to the hub's socket proxy. It is not stored anywhere: the hub serves
/// <c>sockets</c> as an aggregated API that only accepts CONNECT-style requests, where the object
/// name is a cluster ID. <c>sockets/{clusterId}</c> is the agent's websocket tunnel endpoint and
/// <c>sockets/{clusterId}/proxy/{path}</c> forwards a request to that child cluster. Like other
/// options kinds it has no metadata.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public class Socket : IKubernetesObject
{
    /// <summary>The API group of Socket.</summary>
    public const string KubeGroup = "proxies.clusternet.io";

    /// <summary>The API version of Socket.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind name.</summary>
    public const string KubeKind = "Socket";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "sockets";

    /// <summary>The singular resource name the hub advertises in discovery.</summary>
    public const string KubeSingularName = "socket";

    /// <summary>The short name the hub advertises in discovery (<c>kubectl get ss</c>).</summary>
    public const string KubeShortName = "ss";

    /// <summary>The discovery category the hub puts the resource in.</summary>
    public const string KubeCategory = "clusternet";

    /// <summary>The subresource that forwards a request to the child cluster.</summary>
    public const string ProxySubresource = "proxy";

    /// <summary>The group and version of this object, <c>proxies.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>Socket</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>
    /// The part of the URL after <c>/proxy</c>, which says where in the child to forward to, such
    /// as <c>direct/api/v1/pods</c> or <c>https/demo.com:6443/api/v1/pods</c>. On <c>sockets</c>
    /// itself it may come as the <c>path</c> query parameter.
    /// </summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }
}

/// <summary>
/// A list of Sockets. The hub never lists sockets (it only connects them); the type exists so the
/// kind fits the object/list pair the typed clients are built around.
/// </summary>
[KubernetesEntity(Group = Socket.KubeGroup, ApiVersion = Socket.KubeApiVersion, Kind = "SocketList", PluralName = Socket.KubePluralName)]
public class SocketList : ObjectList<Socket>;
