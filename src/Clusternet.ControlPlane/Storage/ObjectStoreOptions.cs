namespace Clusternet.ControlPlane.Storage;

/// <summary>Sizes of the watch history and of each watcher's queue.</summary>
public sealed record ObjectStoreOptions
{
    /// <summary>
    /// How many recent writes the history keeps for watches and continue tokens that start in the past;
    /// older starting points get <see cref="StorageExpiredException"/> (410). Default 10,000.
    /// </summary>
    public int HistoryCapacity { get; init; } = 10_000;

    /// <summary>
    /// How many undelivered events one watcher may hold before it is dropped with
    /// <see cref="StorageExpiredException"/>, so a slow reader never holds writers back. Default 1,000.
    /// </summary>
    public int WatcherBufferCapacity { get; init; } = 1_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryCapacity, 1, nameof(HistoryCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(WatcherBufferCapacity, 1, nameof(WatcherBufferCapacity));
    }
}
