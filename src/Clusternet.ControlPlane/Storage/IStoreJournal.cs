namespace Clusternet.ControlPlane.Storage;

/// <summary>Where writes become durable before readers see them.</summary>
internal interface IStoreJournal : IDisposable
{
    /// <summary>Persists a batch of writes (in resourceVersion order) atomically; returns once it is durable.</summary>
    void Commit(IReadOnlyList<StoreChange> batch);

    /// <summary>
    /// Housekeeping that does not make anything more durable (folding the write-ahead log into the file),
    /// run between batches, after the last one was published and acknowledged, so no write waits on it.
    /// </summary>
    void Maintain();
}
