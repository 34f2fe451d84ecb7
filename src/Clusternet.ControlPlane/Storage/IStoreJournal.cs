namespace Clusternet.ControlPlane.Storage;

/// <summary>Where writes become durable before readers see them.</summary>
internal interface IStoreJournal : IDisposable
{
    /// <summary>Persists a batch of writes (in resourceVersion order) atomically; returns once it is durable.</summary>
    void Commit(IReadOnlyList<StoreChange> batch);
}
