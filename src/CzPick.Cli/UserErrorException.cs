namespace CzPick.Cli;

/// <summary>A mistake in what the user asked for: printed as one line, exit code 2, no stack trace.</summary>
/// <param name="message">What is wrong and how to fix it.</param>
sealed class UserErrorException(string message) : Exception(message);
