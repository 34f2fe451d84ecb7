using Clusternet.Known;

namespace Clusternet.Client.Tests.Known;

public class ClusternetNamesTests
{
    [Fact]
    public void RegistrationRequestIsNamedAfterTheClusterId()
    {
        Assert.Equal("clusternet-3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10", ClusternetNames.RegistrationRequestName("3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10"));
    }

    [Fact]
    public void ClusterRoleIsNamedAfterTheClusterId()
    {
        Assert.Equal("clusternet-3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10", ClusternetNames.ClusterRoleName("3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10"));
    }

    [Theory]
    [InlineData("deployments", "qux", "my-nginx", "deployments.qux.my-nginx")]
    [InlineData("namespaces", null, "qux", "namespaces.qux")]
    [InlineData("clusterroles", "", "viewer", "clusterroles.viewer")]
    public void ManifestNameJoinsResourceNamespaceAndNameWithDots(string resource, string? objectNamespace, string name, string expected)
    {
        Assert.Equal(expected, ClusternetNames.ManifestName(resource, objectNamespace, name));
    }

    [Fact]
    public void OwnedByDescriptionValueJoinsNamespaceAndNameWithADot()
    {
        Assert.Equal("clusternet-q2x7k.web-abcde-generic", ClusternetAnnotations.OwnedByDescriptionValue("clusternet-q2x7k", "web-abcde-generic"));
    }

    [Fact]
    public void EmptyClusterIdIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ClusternetNames.RegistrationRequestName(""));
    }

    [Theory]
    [InlineData("Generic", "web-x7k2p-generic")]
    [InlineData("Helm", "web-x7k2p-helm")]
    public void DescriptionIsNamedAfterItsBaseAndDeployer(string deployer, string expected)
    {
        Assert.Equal(expected, ClusternetNames.DescriptionName("web-x7k2p", deployer));
    }

    [Fact]
    public void HelmReleaseIsNamedAfterItsDescriptionAndChart()
    {
        Assert.Equal("web-x7k2p-helm-charts-mysql", ClusternetNames.HelmReleaseName("web-x7k2p-helm", "charts", "mysql"));
    }
}
