using Clusternet.Apis.Proxies.V1Alpha1;
using Clusternet.Client.Tests.Support;
using k8s;

namespace Clusternet.Client.Tests.Apis.Proxies;

public class SocketJsonTests
{
    [Fact]
    public void OptionsCarryOnlyTypeAndPath()
    {
        var json = """{"apiVersion":"proxies.clusternet.io/v1alpha1","kind":"Socket","path":"https/demo.com:6443/api/v1/pods"}""";

        var socket = KubernetesJson.Deserialize<Socket>(json);

        Assert.Equal("https/demo.com:6443/api/v1/pods", socket.Path);
        JsonAssert.Equal(json, KubernetesJson.Serialize(socket));
    }
}
