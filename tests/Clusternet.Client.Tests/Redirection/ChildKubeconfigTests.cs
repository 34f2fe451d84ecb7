using Clusternet.Redirection;
using k8s;
using YamlDotNet.RepresentationModel;

namespace Clusternet.Client.Tests.Redirection;

public sealed class ChildKubeconfigTests : IDisposable
{
    private const string ClusterId = "dc91021d-2361-4f6d-a404-7c33b9e01118";
    private readonly string directory = Directory.CreateTempSubdirectory("child-kubeconfig-").FullName;

    private const string Parent = """
        apiVersion: v1
        kind: Config
        current-context: admin@parent
        clusters:
        - name: parent
          cluster:
            server: https://parent.example:6443/prefix
            certificate-authority: pki/ca.crt
            tls-server-name: api.internal
        - name: other
          cluster:
            server: https://other.example
        users:
        - name: admin
          user:
            token: parent-token
            tokenFile: secrets/token
        contexts:
        - name: admin@parent
          context:
            cluster: parent
            user: admin
            namespace: team-a
        """;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Field(YamlMappingNode root, string list, string field) =>
        (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)root[list])[0])[field];

    [Fact]
    public void The_server_is_the_parents_proxy_url_for_the_cluster()
    {
        var child = Load(ChildKubeconfig.Create(Parent, null, ClusterId, null, null));
        Assert.Equal(
            "https://parent.example:6443/prefix/apis/proxies.clusternet.io/v1alpha1/sockets/" + ClusterId + "/proxy/direct",
            Field(child, "clusters", "cluster")["server"].ToString());
        Assert.Equal("api.internal", Field(child, "clusters", "cluster")["tls-server-name"].ToString());
        Assert.Equal("clusternet-" + ClusterId, child["current-context"].ToString());
        Assert.Equal("team-a", Field(child, "contexts", "context")["namespace"].ToString());
    }

    [Fact]
    public void The_parents_user_credentials_are_kept_without_impersonation_by_default()
    {
        var user = Field(Load(ChildKubeconfig.Create(Parent, null, ClusterId, null, null)), "users", "user");
        Assert.Equal("parent-token", user["token"].ToString());
        Assert.False(user.Children.ContainsKey("as"));
    }

    [Fact]
    public void Relative_file_paths_are_made_absolute_against_the_parent_file()
    {
        var child = Load(ChildKubeconfig.Create(Parent, "/etc/kube", ClusterId, null, null));
        Assert.Equal("/etc/kube/pki/ca.crt", Field(child, "clusters", "cluster")["certificate-authority"].ToString());
        Assert.Equal("/etc/kube/secrets/token", Field(child, "users", "user")["tokenFile"].ToString());
    }

    [Fact]
    public void Child_credentials_become_kubeconfig_impersonation_with_list_valued_extras()
    {
        var user = Field(Load(ChildKubeconfig.Create(Parent, null, ClusterId, ChildCredentials.FromToken("child-token"), null)), "users", "user");
        Assert.Equal("clusternet", user["as"].ToString());
        var extras = (YamlMappingNode)user["as-user-extra"];
        Assert.Equal("child-token", ((YamlSequenceNode)extras["clusternet-token"])[0].ToString());
    }

    [Fact]
    public void Another_context_can_be_chosen()
    {
        const string withOther = Parent + "\n- name: other\n  context:\n    cluster: other\n    user: admin\n";
        var child = Load(ChildKubeconfig.Create(withOther, null, "c1", null, "other"));
        Assert.Equal("https://other.example/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct", Field(child, "clusters", "cluster")["server"].ToString());
    }

    [Fact]
    public void An_invalid_cluster_id_is_refused() =>
        Assert.Throws<ArgumentException>(() => ChildKubeconfig.Create(Parent, null, "../other", null, null));

    [Fact]
    public void A_configuration_object_is_accepted_and_the_result_loads_in_kubernetes_client()
    {
        var parentPath = Path.Combine(directory, "parent");
        File.WriteAllText(parentPath, Parent.Replace("certificate-authority: pki/ca.crt", "insecure-skip-tls-verify: true", StringComparison.Ordinal));
        var parent = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(parentPath));
        var childPath = Path.Combine(directory, "child");
        File.WriteAllText(childPath, ChildKubeconfig.Create(parent, "c1"));

        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(childPath);
        Assert.Equal("https://parent.example:6443/prefix/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct", configuration.Host);
        Assert.Equal("parent-token", configuration.AccessToken);
    }

    [Fact]
    public async Task The_written_file_is_readable_by_its_owner_only()
    {
        var parentPath = Path.Combine(directory, "parent");
        await File.WriteAllTextAsync(parentPath, Parent);
        var childPath = Path.Combine(directory, "child");
        await ChildKubeconfig.WriteAsync(parentPath, ClusterId, childPath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(childPath));
        }

        Assert.Contains("/sockets/" + ClusterId + "/proxy/direct", await File.ReadAllTextAsync(childPath), StringComparison.Ordinal);
    }
}
