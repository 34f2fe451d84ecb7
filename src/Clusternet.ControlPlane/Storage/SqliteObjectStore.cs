namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> kept in one SQLite file (<c>objects.db</c>, WAL journal) in a data
/// directory. Everything is loaded into memory on open and reads are served from there; a write is
/// acknowledged only after its transaction committed, and concurrent writes share one commit.
/// </summary>
/// <remarks>
/// A history of writes is not kept on disk: after a restart, watches and continue tokens from before it
/// get <see cref="StorageExpiredException"/>, and clients list again, as after an etcd compaction.
/// <para>
/// Durability: <c>synchronous=FULL</c>, so the WAL is synced at every commit and an acknowledged write
/// survives a power loss, not only a killed process (NORMAL would be enough for a kill, since the OS keeps
/// written pages). Group commit pays for it: one sync covers every write queued behind the previous one.
/// Measured with 1 KiB objects on a shared 2-core machine (ext4): one writer alone is bound by the sync,
/// 400–2,800 creates/s; 16 concurrent writers 4,600–8,000/s; 64 writers 13,000–21,000/s.
/// The file is opened in exclusive locking mode, so a second store on the same directory fails to open.
/// </para>
/// </remarks>
public sealed class SqliteObjectStore : ObjectStore
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "objects.db";

    private SqliteObjectStore(ObjectStoreCore core)
        : base(core)
    {
    }

    /// <summary>Opens the store in <paramref name="dataDirectory"/>, creating the directory and the file when missing.</summary>
    /// <param name="dataDirectory">The folder that holds <see cref="FileName"/>; one store per folder at a time.</param>
    /// <param name="options">History and watcher queue sizes; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    public static Task<SqliteObjectStore> OpenAsync(string dataDirectory, ObjectStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        options ??= new ObjectStoreOptions();
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(dataDirectory);

        // Loading is synchronous file work; run it off the caller's thread.
        return Task.Run(() =>
        {
            var journal = SqliteJournal.Open(Path.Combine(dataDirectory, FileName), out var resourceVersion, out var objects);
            var cache = new WatchCache(options, resourceVersion);
            foreach (var (key, element) in objects)
            {
                cache.Load(key, element);
            }

            return new SqliteObjectStore(new ObjectStoreCore(cache, journal));
        }, cancellationToken);
    }
}
