namespace Codemason.Acme.Tests;

/// <summary>One POST as <see cref="NonceRecordingHandler"/> saw it.</summary>
internal sealed record RecordedPost(string SentNonce, bool BadNonce, string? ReplayNonce);
