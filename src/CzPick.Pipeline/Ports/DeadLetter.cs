namespace CzPick.Pipeline.Ports;

/// <summary>A message moved aside after it could not be processed.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Reason">Why it was dead-lettered.</param>
/// <param name="Body">The message body.</param>
public sealed record DeadLetter(string MessageId, string Reason, BinaryData Body);
