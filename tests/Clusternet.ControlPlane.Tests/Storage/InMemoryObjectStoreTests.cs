using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Tests.Storage;

public sealed class InMemoryObjectStoreTests : ObjectStoreContractTests
{
    protected override Task<IObjectStore> CreateStoreAsync(ObjectStoreOptions? options = null) =>
        Task.FromResult<IObjectStore>(new InMemoryObjectStore(options));
}
