/**
 * The part of the Amazon S3 API that the AWS CLI's {@code aws s3 mb|cp|ls|rb|rm} and
 * {@code aws s3api put-bucket-notification-configuration} use, served path-style on the edge port, with S3's
 * EventBridge notifications: an object created in (or deleted from) a bucket with EventBridge enabled puts S3's
 * {@code Object Created} ({@code Object Deleted}) event on the default bus.
 */
package dev.herald.local.s3;
