/**
 * Secrets Manager on this machine: {@link dev.herald.local.secrets.LocalSecretStore} (a JSON file in the data
 * directory), its API on the edge port ({@link dev.herald.local.secrets.SecretsManagerApi}) and the four
 * secrets Herald's functions read, made for the local emulators ({@link dev.herald.local.secrets.LocalSecrets}).
 */
package dev.herald.local.secrets;
