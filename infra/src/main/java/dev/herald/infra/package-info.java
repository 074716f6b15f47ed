/** The CDK app: the whole pipeline on AWS, built from the Topology. */
package dev.herald.infra;
