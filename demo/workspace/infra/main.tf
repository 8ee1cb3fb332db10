resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    { name = "worker", image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker:0.9.7", essential = true },
  ])
}
