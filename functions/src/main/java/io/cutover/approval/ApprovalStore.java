package io.cutover.approval;

/**
 * Where pending approvals (and their task tokens) are kept server side: DynamoDB in AWS, memory locally.
 * Its operations are defined by the approvals feature.
 */
public interface ApprovalStore {}
