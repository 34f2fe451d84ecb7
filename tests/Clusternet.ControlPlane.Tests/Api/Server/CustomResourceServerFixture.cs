using k8s;
using Clusternet.Runtime.Crds;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>A server with the 13 Clusternet CRDs installed through the API.</summary>
public sealed class CustomResourceServerFixture : ServerFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var definition in ClusternetCustomResourceDefinitions.All)
        {
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(definition);
        }
    }
}
