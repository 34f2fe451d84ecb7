using System.Text;
using Clusternet.Known;
using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.RepresentationModel;

namespace Clusternet.Redirection;

/// <summary>
/// Writes a kubeconfig with which kubectl (or any client) reaches a child cluster through the hub: the parent's
/// cluster entry with <c>server: &lt;parent&gt;/apis/proxies.clusternet.io/v1alpha1/sockets/&lt;id&gt;/proxy/direct</c>
/// and its CA, the parent's user credentials, and optionally child credentials as kubeconfig impersonation
/// (<c>as: clusternet</c>, <c>as-user-extra: {clusternet-token: [...]}</c>), which kubectl turns into the
/// <c>Impersonate-User</c> / <c>Impersonate-Extra-Clusternet-*</c> headers upstream's hub expects.
/// </summary>
/// <remarks>
/// The parent file is read as YAML, not through KubernetesClient's model, so fields that model does not know
/// (<c>tokenFile</c>, <c>proxy-url</c>, <c>as-uid</c>, …) survive. Relative file paths (CA, client certificate and key,
/// token file) are made absolute against the parent file's directory, so the new file works wherever it is written.
/// KubernetesClient's own loader reads <c>as-user-extra</c> as single strings, not lists, and cannot load a
/// kubeconfig written with child credentials; use <see cref="ClusterRedirection.CreateKubernetes"/> in .NET code.
/// </remarks>
public static class ChildKubeconfig
{
    private static readonly string[] PathKeys = ["certificate-authority", "client-certificate", "client-key", "tokenFile"];
    private static readonly string[] ImpersonationKeys = ["as", "as-uid", "as-groups", "as-user-extra"];

    /// <summary>The kubeconfig text for the child <paramref name="clusterId"/>, from a parent configuration object.</summary>
    /// <param name="parent">The parent's kubeconfig; relative paths resolve against its <c>FileName</c> when set.</param>
    /// <param name="clusterId">The child cluster's id.</param>
    /// <param name="credentials">Child credentials to send through the hub; null for identity passthrough.</param>
    /// <param name="context">The parent context to start from; its current context when null.</param>
    public static string Create(K8SConfiguration parent, string clusterId, ChildCredentials? credentials = null, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var directory = parent.FileName is { Length: > 0 } file ? Path.GetDirectoryName(Path.GetFullPath(file)) : null;
        return Create(KubernetesYaml.Serialize(parent), directory, clusterId, credentials, context);
    }

    /// <summary>Reads the parent kubeconfig at <paramref name="parentKubeconfigPath"/> and writes the child's to <paramref name="outputPath"/> (owner-only permissions on Unix: it holds credentials).</summary>
    /// <param name="parentKubeconfigPath">The parent's kubeconfig file.</param>
    /// <param name="clusterId">The child cluster's id.</param>
    /// <param name="outputPath">Where to write; an existing file is replaced.</param>
    /// <param name="credentials">Child credentials to send through the hub; null for identity passthrough.</param>
    /// <param name="context">The parent context to start from; its current context when null.</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    public static async Task WriteAsync(
        string parentKubeconfigPath,
        string clusterId,
        string outputPath,
        ChildCredentials? credentials = null,
        string? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentKubeconfigPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var parentPath = Path.GetFullPath(parentKubeconfigPath);
        var text = await File.ReadAllTextAsync(parentPath, cancellationToken).ConfigureAwait(false);
        var child = Create(text, Path.GetDirectoryName(parentPath), clusterId, credentials, context);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(outputPath, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(child), cancellationToken).ConfigureAwait(false);
    }

    internal static string Create(string parentYaml, string? directory, string clusterId, ChildCredentials? credentials, string? context)
    {
        var name = ClusternetNames.ObjectPrefix + SocketsProxy.ValidateClusterId(clusterId);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(parentYaml));
        var root = yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode mapping
            ? mapping
            : throw new ArgumentException("The parent kubeconfig is empty or not a mapping.");

        var contextName = context ?? Scalar(root, "current-context")
            ?? throw new ArgumentException("The parent kubeconfig has no current-context; name the context to use.");
        var details = Entry(root, "contexts", contextName, "context");
        var clusterName = Scalar(details, "cluster") ?? throw new ArgumentException($"Context '{contextName}' names no cluster.");
        var cluster = Entry(root, "clusters", clusterName, "cluster");
        var server = Scalar(cluster, "server") ?? throw new ArgumentException($"Cluster '{clusterName}' has no server.");
        var userName = Scalar(details, "user");
        var user = userName is null ? new YamlMappingNode() : Entry(root, "users", userName, "user");

        var childCluster = Copy(cluster, directory, skip: ["server"]);
        childCluster.Add("server", SocketsProxy.DirectUri(new Uri(server), clusterId).ToString());
        var childUser = Copy(user, directory, skip: credentials is null ? [] : ImpersonationKeys);
        if (credentials is not null)
        {
            childUser.Add("as", ClusternetHeaders.ProxyUser);
            var extras = new YamlMappingNode();
            foreach (var (key, value) in credentials.UserExtras)
            {
                extras.Add(key, new YamlSequenceNode(new YamlScalarNode(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted }));
            }

            childUser.Add("as-user-extra", extras);
        }

        var childContext = new YamlMappingNode { { "cluster", name }, { "user", name } };
        if (Scalar(details, "namespace") is { } @namespace)
        {
            childContext.Add("namespace", @namespace);
        }

        var document = new YamlMappingNode
        {
            { "apiVersion", "v1" },
            { "kind", "Config" },
            { "clusters", new YamlSequenceNode(new YamlMappingNode { { "name", name }, { "cluster", childCluster } }) },
            { "users", new YamlSequenceNode(new YamlMappingNode { { "name", name }, { "user", childUser } }) },
            { "contexts", new YamlSequenceNode(new YamlMappingNode { { "name", name }, { "context", childContext } }) },
            { "current-context", name },
        };

        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Entry(YamlMappingNode root, string list, string name, string field)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(list), out var node) && node is YamlSequenceNode entries)
        {
            foreach (var entry in entries.OfType<YamlMappingNode>())
            {
                if (Scalar(entry, "name") == name)
                {
                    return entry.Children.TryGetValue(new YamlScalarNode(field), out var value) && value is YamlMappingNode details
                        ? details
                        : new YamlMappingNode();
                }
            }
        }

        throw new ArgumentException($"The parent kubeconfig has no {list} entry named '{name}'.");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    // Copies the entries of a cluster or user, dropping empty impersonation lists KubernetesClient's model serializes
    // and making file paths absolute.
    private static YamlMappingNode Copy(YamlMappingNode source, string? directory, string[] skip)
    {
        var copy = new YamlMappingNode();
        foreach (var (keyNode, value) in source.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (skip.Contains(key) || IsEmptyCollection(value))
            {
                continue;
            }

            if (directory is not null && PathKeys.Contains(key) && value is YamlScalarNode { Value: { Length: > 0 } path } && !Path.IsPathRooted(path))
            {
                copy.Add(key, Path.GetFullPath(Path.Combine(directory, path)));
                continue;
            }

            copy.Add(keyNode, value);
        }

        return copy;
    }

    private static bool IsEmptyCollection(YamlNode node) =>
        node is YamlSequenceNode { Children.Count: 0 } or YamlMappingNode { Children.Count: 0 };
}
